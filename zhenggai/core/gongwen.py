"""The 公文 layout (GB/T 9704-2012) shared by every Word document Zhenggai writes.

The notice, the rectification report, the work bulletin and the 对账销号单 all
take their page setup, fonts, line grid and page numbers from here:

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
方正小标宋简体 2号 (22 pt) centred, broken between words into at most
:data:`TITLE_MAX_LINES` lines; body 仿宋_GB2312 3号 (16 pt); level-one headings
黑体, level-two 楷体_GB2312; exact line spacing 28.95 pt so that the 225 mm type
area holds 22 lines of 28 characters; page numbers "— N —" in 宋体 4号, right on
odd pages and left on even pages.

Fonts are named in ``w:rFonts`` for every script (``w:eastAsia`` included), so
an office computer with the 公文 fonts renders them; where they are missing,
Word and LibreOffice substitute a font and the file still opens.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import warnings
from collections.abc import Sequence
from functools import cache
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(14)  # 4号: tables in the body
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
TITLE_LINE = Pt(35)
INDENT = Pt(32)  # two characters of 3号
TYPE_WIDTH = Mm(156)
# 2号 characters on one line of the 156 mm type area (442 pt / 22 pt).
TITLE_CHARS_PER_LINE = int(TYPE_WIDTH.pt // TITLE_SIZE.pt)
# A title longer than this is a title to shorten, not to set in smaller type.
TITLE_MAX_LINES = 3

# Never start a line with closing punctuation, nor end one with opening punctuation.
_NO_LINE_START = set("，。、；：！？）》」』”’")
_NO_LINE_END = set("（《「『“‘")


def fonts(run: Any, name: str, size: Any, bold: bool = False) -> None:
    """Name ``name`` for Latin, East-Asian and complex scripts alike."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


# Children of w:pPr that the schema puts after w:autoSpaceDN (order matters to readers).
_AFTER_AUTOSPACE = {
    qn(f"w:{t}")
    for t in (
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
}


def _no_autospace(ppr: Any) -> None:
    """Turn off the automatic gap between Chinese and Latin text and digits."""
    anchor = next((c for c in ppr if c.tag in _AFTER_AUTOSPACE), None)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        if ppr.find(qn(tag)) is not None:
            continue
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        if anchor is None:
            ppr.append(el)
        else:
            anchor.addprevious(el)


def layout(paragraph: Any, *, indent: bool = True, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    """Body layout: exact 28.95 pt lines, no space around, two-character first-line indent."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    # 公文 fill every page to the last line of the grid; the tail turns this back on.
    fmt.widow_control = False
    # No automatic gap between Chinese and digits ("2026年3月", not "2026 年 3 月").
    _no_autospace(paragraph._element.get_or_add_pPr())
    if indent:
        fmt.first_line_indent = INDENT
    paragraph.alignment = align


def off_grid(paragraph: Any) -> None:
    """Let the paragraph keep its own line height instead of snapping to the 28.95 pt grid
    (a 2号 title would otherwise take two grid lines per line)."""
    ppr = paragraph._element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        ppr.append(snap)
    else:
        anchor.addprevious(snap)


def keep_with_next(paragraph: Any) -> None:
    """Keep ``paragraph`` on the page of the next one, never leaving a single line behind."""
    fmt = paragraph.paragraph_format
    fmt.keep_with_next = True
    fmt.widow_control = True


def _page_number(paragraph: Any, align: Any) -> None:
    """ "— N —" with a PAGE field, in 宋体 4号."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    fonts(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._element.append(end)
    fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def new_document(*, page_numbers: bool = True) -> Any:
    """An empty python-docx document with the 公文 page, grid, fonts and page numbers."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - PAGE_NUMBER_SIZE  # page number 7 mm below the type area
    # A line grid of 28.95 pt, as Word's 公文 templates set it.
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")

    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), BODY_FONT)
    _no_autospace(normal.element.get_or_add_pPr())
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)

    if page_numbers:
        doc.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    # python-docx starts with one empty paragraph in the body; drop it.
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    return doc


def save(doc: Any, title: str) -> bytes:
    """The bytes of ``doc`` with its title and language in the file's properties."""
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# The title: broken between words, centred


@cache
def _jieba() -> Any:
    with warnings.catch_warnings():
        # jieba 0.42 has regex literals Python 3.12 warns about; nothing we can act on.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def word_boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where one word (as jieba segments it) ends and the next begins."""
    tokens = _jieba().tokenize(text)
    return {start for _, start, _ in tokens if 0 < start < len(text)}


def title_breaks(title: str, keep_whole: Sequence[str] = ()) -> list[int]:
    """Where ``title`` may break: between words, never inside a name in ``keep_whole``
    (中共临江市云溪镇委员会, 临江市委第二巡察组), never before closing punctuation."""
    inside: set[int] = set()
    for name in keep_whole:
        start = title.find(name) if name else -1
        while start >= 0:
            inside.update(range(start + 1, start + len(name)))
            start = title.find(name, start + 1)
    return sorted(
        b
        for b in word_boundaries(title) - inside
        if title[b] not in _NO_LINE_START and title[b - 1] not in _NO_LINE_END
    )


def title_lines(
    title: str,
    keep_whole: Sequence[str] = (),
    per_line: int = TITLE_CHARS_PER_LINE,
    max_lines: int = TITLE_MAX_LINES,
) -> list[str]:
    """``title`` broken into centred lines at word boundaries.

    As few lines as fit ``per_line`` characters (never more than ``max_lines``),
    then the breaks that make the lines most even in length, so the block reads
    as the trapezoid or diamond GB/T 9704-2012 asks for. A break never splits a
    word or a name of ``keep_whole``, and never leaves punctuation at the wrong
    end of a line.
    """
    title = title.strip()
    if len(title) <= per_line:
        return [title]
    breaks = title_breaks(title, keep_whole)
    best: tuple[tuple[int, int, int], list[str]] | None = None
    for count in range(math.ceil(len(title) / per_line), max_lines + 1):
        for cut in itertools.combinations(breaks, count - 1):
            edges = [0, *cut, len(title)]
            lines = [title[a:b] for a, b in itertools.pairwise(edges)]
            lengths = [len(line) for line in lines]
            too_long = sum(max(0, n - per_line) for n in lengths)
            # Fit first, then evenness; on a tie the shorter line goes on top (a trapezoid).
            score = (too_long, max(lengths) - min(lengths), lengths[0])
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None and best[0][0] == 0:
            break
    return best[1] if best else [title]


def add_title(doc: Any, title: str, keep_whole: Sequence[str] = ()) -> Any:
    """The centred title, broken between words, and the blank line under it."""
    p = doc.add_paragraph()
    layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.line_spacing = TITLE_LINE
    p.paragraph_format.keep_with_next = True
    off_grid(p)
    lines = title_lines(title, keep_whole)
    for i, line in enumerate(lines):
        run = p.add_run(line)
        fonts(run, TITLE_FONT, TITLE_SIZE)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    blank = doc.add_paragraph()
    layout(blank)
    return p
