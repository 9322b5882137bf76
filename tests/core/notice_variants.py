"""Build the seeds in the other shapes users have them in, at test time.

The seed notices are read from ``shared/corpus`` beside the repository and are never
copied into it; every variant here is made from them in memory.
"""

from __future__ import annotations

import html
import importlib.util
import io
import json
import random
import unicodedata
from types import ModuleType
from typing import Any

from tests.corpus import CORPUS, SCORER


def seed_stems() -> list[str]:
    """Names of the seeds that have a gold answer."""
    return sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))


def seed_text(stem: str) -> str:
    return (CORPUS / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")


def gold(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "gold" / f"{stem}.json").read_text("utf-8"))
    return data


def load_scorer() -> ModuleType | None:
    """The shared scorer, imported from its file so its rules are not copied here."""
    if not SCORER.is_file():
        return None
    spec = importlib.util.spec_from_file_location("score_notice", SCORER)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def display_width(text: str) -> int:
    """Columns a Chinese font gives the text: CJK characters and quotes take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def to_fullwidth(text: str) -> str:
    """Digits and ASCII punctuation as full-width characters, the way some offices type."""
    out = []
    for ch in text:
        if (ch.isdigit() and ch.isascii()) or (
            ch.isascii() and not ch.isalnum() and 0x21 <= ord(ch) <= 0x7E
        ):
            out.append(chr(ord(ch) + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def _wrap_line(line: str, columns: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for ch in line:
        if display_width(current + ch) > columns:
            pieces.append(current)
            current = ""
        current += ch
    pieces.append(current)
    return pieces


def hard_wrap(text: str, columns: int = 70, page_lines: int = 38) -> str:
    """Text as copied out of a PDF: lines cut at a fixed width, page markers between."""
    out: list[str] = []
    count = 0
    page = 1
    for line in text.splitlines():
        # The first-line indent of a paragraph survives copying out of a PDF.
        indent = line[: len(line) - len(line.lstrip())]
        pieces = _wrap_line(indent + line.strip(), columns) if line.strip() else [""]
        for piece in pieces:
            out.append(piece)
            count += 1
            if count % page_lines == 0:
                out.append(f"— {page} —")
                page += 1
    return "\n".join(out)


def to_gov_html(text: str) -> str:
    """The seed as a page saved from a government site: menus, breadcrumb, share bar,
    footer with the ICP number, scripts and styles around the article."""
    paragraphs = "\n".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告_青石镇人民政府门户网站</title>
<style>.nav li {{ float: left; }} body {{ font-size: 16px; }}</style>
<script>var columns = ["一、首页", "二、信息公开"]; function share() {{ return 1; }}</script>
</head><body>
<div class="top-bar">无障碍 长者模式 登录 注册</div>
<div id="header" class="header"><ul class="nav">
<li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li><li><a>政务服务</a></li>
<li><a>互动交流</a></li><li><a>走进青石</a></li></ul></div>
<div class="breadcrumb">您当前的位置:<a href="/">首页</a> &gt; <a>信息公开</a> &gt; 通知公告</div>
<div class="article"><div class="article-content" id="zoom">
{paragraphs}
</div>
<div class="bdsharebuttonbox share-bar">分享到:<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div class="print">【打印本页】 【关闭窗口】</div>
</div>
<div class="footer"><p>主办:青石镇人民政府 版权所有</p><p>地址:青石镇府前路1号 邮编:999999</p>
<p>粤ICP备05012345号-1 粤公网安备44000002000001号</p></div>
<script>document.write("二、不该出现的脚本文字");</script>
</body></html>"""


def to_docx(text: str) -> bytes:
    """The seed as a Word document, one paragraph per line."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(text: str, columns: int = 70, lines_per_page: int = 40) -> bytes:
    """The seed as a PDF with a text layer (reportlab's built-in Chinese CID font, which
    needs no font file), hard-wrapped with "— N —" page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    # Paragraphs start indented by two characters, as official documents are set.
    lines = [
        piece
        for line in text.splitlines()
        if line.strip()
        for piece in _wrap_line("\u3000\u3000" + line.strip(), columns)
    ]
    for page, start in enumerate(range(0, len(lines), lines_per_page), start=1):
        pdf.setFont("STSong-Light", 10.5)
        y = 800.0
        for line in lines[start : start + lines_per_page]:
            pdf.drawString(40, y, line)
            y -= 18
        pdf.drawCentredString(297, 30, f"— {page} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def mangle(text: str, seed: int) -> str:
    """Random damage: swapped, dropped and doubled characters and lines."""
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(max(1, len(chars) // 50)):
        i = rng.randrange(len(chars)) if chars else 0
        action = rng.random()
        if not chars:
            break
        if action < 0.3:
            del chars[i]
        elif action < 0.6:
            chars.insert(i, rng.choice("()(一)1.①一是\n、。:问题"))
        else:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def to_gbk(text: str) -> bytes:
    """GBK bytes, as an office PC saves them; spaces stand in for what GBK lacks (U+00A0)."""
    unencodable = {}
    for ch in set(text):
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            unencodable[ord(ch)] = " "
    return text.translate(unencodable).encode("gbk")
