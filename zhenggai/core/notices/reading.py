"""Turn the bytes a user uploads into text: .txt in any common Chinese encoding, web
pages saved from government sites, .docx and PDFs with a text layer."""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from zhenggai.core.expansion import (
    ExpansionLimits,
    ExpansionRefused,
    PdfBudget,
    check_html,
    check_zip,
    pypdf_limits,
)
from zhenggai.core.notices.errors import NoticeReadError, SpreadsheetGiven
from zhenggai.core.notices.model import ParseWarning
from zhenggai.core.notices.tables import TableRow, WordTable
from zhenggai.core.numerals import int_to_cn

TEXT = "text"
HTML = "html"
DOCX = "docx"
PDF = "pdf"

_HTML_EXT = {".html", ".htm", ".shtml", ".xhtml", ".xht"}
_TEXT_EXT = {".txt", ".text", ".md", ".csv", ""}
_LEGACY = {".doc": "Word", ".wps": "WPS", ".dot": "Word"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")

_SCANNED = NoticeReadError(
    "这是扫描版PDF，没有文字层：请先做文字识别(OCR)，或上传Word/文本版本",
    "scanned PDF without a text layer: run OCR first, or upload the Word or text version",
)


@dataclass
class Document:
    """Text read from a file, with what kind of file it was and any doubts about it."""

    text: str
    kind: str
    warnings: list[ParseWarning] = field(default_factory=list)
    # Word tables whose header names ledger fields (问题, 整改措施, …): kept as tables,
    # not flattened into the text.
    tables: list[WordTable] = field(default_factory=list)


def read_document(data: bytes, filename: str, limits: ExpansionLimits | None = None) -> str:
    """The text of an uploaded document; raises :class:`NoticeReadError` if unreadable."""
    return load_document(data, filename, limits).text


def load_document(data: bytes, filename: str, limits: ExpansionLimits | None = None) -> Document:
    """Like :func:`read_document`, but also says the kind of file and how sure the
    encoding guess was (as warnings).

    ``limits`` bound what a .docx or web page may unpack to (see
    :mod:`zhenggai.core.expansion`); a file beyond them is refused before it is parsed.
    """
    if not data or not data.strip():
        raise NoticeReadError("文件是空的", "the file is empty")
    try:
        return _load(data, filename, limits or ExpansionLimits())
    except ExpansionRefused as refused:
        raise NoticeReadError(refused.reason, refused.reason_en) from refused


def _load(data: bytes, filename: str, limits: ExpansionLimits) -> Document:
    ext = PurePath(filename).suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        document = Document(_read_pdf(data, limits), PDF)
    elif head.startswith(b"PK\x03\x04"):
        document = _read_zip(data, ext, limits)
    elif head.startswith(_OLE_MAGIC):
        raise _legacy_error(ext)
    elif head.lstrip().startswith(b"{\\rtf"):
        raise NoticeReadError(
            "RTF格式暂不支持：请用Word或WPS另存为 .docx 后再上传",
            "RTF is not supported: save it as .docx in Word or WPS and upload again",
        )
    elif head.startswith(_IMAGE_MAGIC) and ext not in _TEXT_EXT | _HTML_EXT:
        raise NoticeReadError(
            "这是图片文件，没有文字：请先做文字识别(OCR)，或上传Word/文本版本",
            "an image has no text: run OCR first, or upload the Word or text version",
        )
    elif ext == ".pdf":
        raise NoticeReadError(
            "PDF文件已损坏或不完整，无法读取：请重新导出PDF，或上传Word/文本版本",
            "the PDF is damaged or incomplete: export it again, or upload the Word or text version",
        )
    elif ext in (".docx", ".docm", ".dotx"):
        raise _broken_docx()
    else:
        if ext in _HTML_EXT:
            check_html(data, limits)
        text, warnings = decode_text(data, html=ext in _HTML_EXT)
        if ext in _HTML_EXT or _looks_like_html(text):
            check_html(data, limits)
            document = Document(html_to_text(text), HTML, warnings)
        elif ext in _LEGACY:
            raise _legacy_error(ext)
        else:
            document = Document(text, TEXT, warnings)
    if not document.text.strip():
        raise NoticeReadError("文件中没有找到文字", "no text found in the file")
    return document


def _legacy_error(ext: str) -> NoticeReadError:
    name = ext or ".doc"
    return NoticeReadError(
        f"{name} 为旧版Word格式：请用Word或WPS另存为 .docx 后再上传",
        f"legacy {name} format: save it as .docx in Word or WPS and upload again",
    )


def _broken_docx() -> NoticeReadError:
    return NoticeReadError(
        "Word文件已损坏或不完整，无法打开：请在Word或WPS中重新另存为 .docx 后再上传",
        "the .docx file is damaged or incomplete: save it again as .docx and upload again",
    )


# --- encodings ------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})""", re.I
)
_GB_NAMES = {
    "gb2312",
    "gbk",
    "gb18030",
    "gb_2312",
    "gb-2312",
    "cp936",
    "x-gbk",
    "euc-cn",
    "hz-gb-2312",
}


def _decode_strict(data: bytes, encoding: str) -> tuple[str, bool] | None:
    """Decode strictly, forgiving only a multi-byte character cut off at the very end."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 4 and error.start > 0:
            try:
                return data[: error.start].decode(encoding), True
            except UnicodeDecodeError:
                return None
        return None
    except LookupError:
        return None


def _binary(text: str) -> bool:
    sample = text[:200_000]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def _mostly_gb2312(text: str) -> bool:
    """True when the non-ASCII characters are nearly all common simplified Chinese,
    which is what genuine GBK text decodes to (Big5 or binary decoded as GBK is not)."""
    sample = text[:200_000]
    ascii_count = len(sample.encode("ascii", "ignore"))
    other = len(sample) - ascii_count
    if other == 0:
        return True
    common = (len(sample.encode("gb2312", "ignore")) - ascii_count) // 2
    return common >= 0.9 * other


def decode_text(data: bytes, *, html: bool = False) -> tuple[str, list[ParseWarning]]:
    """Decode text bytes, saying so in a warning when the encoding had to be guessed.

    Order: byte-order mark; the charset a web page declares; strict UTF-8; GB18030 when
    the result is plainly Chinese; charset-normalizer as the last resort.
    """
    warnings: list[ParseWarning] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            decoded = _decode_strict(data[len(bom) :], encoding)
            if decoded is None:
                text = data[len(bom) :].decode(encoding, "replace")
                message = f"文件中有无法按{encoding}解码的字节，已用�代替"
                warnings.append(ParseWarning(None, message))
                return text, warnings
            return _finish(decoded, encoding, warnings)
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "ignore").lower()
            encoding = "gb18030" if name in _GB_NAMES else name
            decoded = _decode_strict(data, encoding)
            if decoded is not None and not _binary(decoded[0]):
                return _finish(decoded, encoding, warnings)
    decoded = _decode_strict(data, "utf-8")
    if decoded is not None and not _binary(decoded[0]):
        return _finish(decoded, "utf-8", warnings)
    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16 saved without a byte-order mark.
        for encoding in ("utf-16-le", "utf-16-be"):
            decoded = _decode_strict(data, encoding)
            if decoded is not None and not _binary(decoded[0]) and _mostly_gb2312(decoded[0]):
                warnings.append(ParseWarning(None, f"文件没有字节顺序标记，按{encoding}读取"))
                return _finish(decoded, encoding, warnings)
        raise _not_text()
    decoded = _decode_strict(data, "gb18030")
    if decoded is not None and not _binary(decoded[0]) and _mostly_gb2312(decoded[0]):
        return _finish(decoded, "gb18030", warnings)
    return _guess(data, warnings)


def _finish(
    decoded: tuple[str, bool], encoding: str, warnings: list[ParseWarning]
) -> tuple[str, list[ParseWarning]]:
    text, truncated = decoded
    if truncated:
        warnings.append(
            ParseWarning(None, f"文件末尾有一个不完整的字符({encoding})，已略去，文件可能不完整")
        )
    return text, warnings


def _not_text() -> NoticeReadError:
    return NoticeReadError(
        "这不是文本文件，也不是支持的文档格式：请上传 .txt、.html、.docx 或 .pdf 文件",
        "not a text file or a supported document: upload .txt, .html, .docx or .pdf",
    )


def _guess(data: bytes, warnings: list[ParseWarning]) -> tuple[str, list[ParseWarning]]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], steps=4, chunk_size=512).best()
    if best is None or best.encoding is None:
        raise NoticeReadError(
            "无法识别文本的编码：请用记事本或WPS另存为UTF-8后再上传",
            "cannot tell the text encoding: save it as UTF-8 and upload again",
        )
    encoding = best.encoding
    text = data.decode(encoding, "replace")
    if _binary(text) or best.chaos > 0.5:
        raise _not_text()
    warnings.append(
        ParseWarning(None, f"无法确定文本编码，按{encoding}读取(把握不大)，请核对文字是否正确")
    )
    return text, warnings


# --- web pages ------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "td",
    "th",
    "center",
    "hr",
    "main",
    "figure",
    "figcaption",
    "address",
    "tbody",
    "thead",
    "form",
}
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "aside",
    "head",
    "map",
    "video",
    "audio",
)
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|share\w*|bdshare\w*"
    r"|toolbar|sidebar|copyright|position|location|top|topbar|login|search|friendlinks?)(?:$|[\s_-])",
    re.I,
)
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _looks_like_html(text: str) -> bool:
    start = text[:1000].lstrip().lower()
    return (
        start.startswith(("<!doctype html", "<html", "<?xml")) and "<body" in text[:200_000].lower()
    )


def html_to_text(html: str) -> str:
    """Visible text of a web page, one block per line, without menus and page chrome."""
    import lxml.html
    from lxml import etree

    html = _XML_DECL.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(
        root.iter("header", "footer", "div", "ul", "ol", "section", "span", "p", "td", "table")
    ):
        if element.getparent() is None:
            continue
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag in ("header", "footer"):
            if any(a.tag in ("article", "main") for a in element.iterancestors()):
                continue
        elif not _CHROME.search(marker):
            continue
        # A wrapper that holds most of the page is the content, whatever its class says.
        if len(element.text_content()) > 3000:
            continue
        element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if tag and element.text:
                parts.append(_WHITESPACE.sub(" ", element.text))
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.tail:
                parts.append(_WHITESPACE.sub(" ", element.tail))
    lines = (line.strip(" ") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- Word -------------------------------------------------------------------------------


def _read_zip(data: bytes, ext: str, limits: ExpansionLimits) -> Document:
    archive = check_zip(data, limits)
    if archive is None:
        if ext in (".docx", ".docm", ".dotx"):
            raise _broken_docx()
        raise NoticeReadError("压缩文件已损坏，无法打开", "the zip file is damaged")
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return _read_docx(data)
    if any(name.startswith("xl/") for name in names):
        raise SpreadsheetGiven()
    if any(name.startswith("ppt/") for name in names):
        raise NoticeReadError(
            "这是PowerPoint演示文稿，不是通报正文：请上传通报的Word、PDF、网页或文本版本",
            "this is a presentation, not a notice: upload the Word, PDF, web page or text version",
        )
    if ext in (".docx", ".docm", ".dotx"):
        raise _broken_docx()
    raise NoticeReadError(
        "这是压缩包或无法识别的文件：请解压后上传其中的通报文件",
        "this is an archive or an unknown file: unpack it and upload the notice inside",
    )


def _read_docx(data: bytes) -> Document:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines: list[str] = []
        tables: list[WordTable] = []
        body = document.element.body
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(numbering.label(child) + _paragraph_text(child))
            elif child.tag == qn("w:tbl"):
                table = WordTable.read(_table_rows(child, numbering), line=len(lines) + 1)
                if table is not None:
                    tables.append(table)
                else:
                    lines.extend(_table_lines(child, numbering))
            elif child.tag == qn("w:sdt"):
                for paragraph in child.iter(qn("w:p")):
                    lines.append(numbering.label(paragraph) + _paragraph_text(paragraph))
    except NoticeReadError:
        raise
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise _broken_docx() from error
    return Document("\n".join(lines), DOCX, tables=tables)


def _paragraph_text(p: Any) -> str:
    from docx.oxml.ns import qn

    pieces = []
    for element in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if element.tag == qn("w:t"):
            pieces.append(element.text or "")
        elif element.tag == qn("w:tab"):
            pieces.append("\t")
        else:
            pieces.append("\n")
    return "".join(pieces)


def _table_lines(table: Any, numbering: _Numbering) -> list[str]:
    from docx.oxml.ns import qn

    lines = []
    for row in table.iter(qn("w:tr")):
        for cell in row.iterchildren(qn("w:tc")):
            for paragraph in cell.iterchildren(qn("w:p")):
                text = numbering.label(paragraph) + _paragraph_text(paragraph)
                if text.strip():
                    lines.append(text)
    return lines


def _table_rows(table: Any, numbering: _Numbering) -> list[TableRow]:
    """The rows of a Word table as cells of (text, columns spanned); a cell continuing a
    vertical merge is empty, as the eye reads it."""
    from docx.oxml.ns import qn

    rows: list[TableRow] = []
    for row in table.iterchildren(qn("w:tr")):
        cells: TableRow = []
        for cell in row.iterchildren(qn("w:tc")):
            props = cell.find(qn("w:tcPr"))
            span_el = props.find(qn("w:gridSpan")) if props is not None else None
            span_val = span_el.get(qn("w:val"), "1") if span_el is not None else "1"
            merge = props.find(qn("w:vMerge")) if props is not None else None
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            paragraphs = [
                numbering.label(p) + _paragraph_text(p) for p in cell.iterchildren(qn("w:p"))
            ]
            text = "" if continued else "\n".join(p for p in paragraphs if p.strip())
            cells.append((text, int(span_val) if span_val.isdigit() else 1))
        rows.append(cells)
    return rows


_CN_NUMERALS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    return int_to_cn(n) if 0 < n < 100 else str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's automatic numbering, rendered as the labels a reader sees (一、 (一) 1.)."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for definition in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in definition.iterchildren(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                start = self._val(lvl, "w:start", "1")
                fmt = self._val(lvl, "w:numFmt", "decimal")
                text = self._val(lvl, "w:lvlText", "")
                levels[ilvl] = (int(start) if start.isdigit() else 1, fmt, text)
            abstract[definition.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self._levels[num.get(qn("w:numId"), "")] = abstract.get(
                    ref.get(qn("w:val"), ""), {}
                )

    def _val(self, element: Any, tag: str, default: str) -> str:
        found = element.find(self._qn(tag))
        value = found.get(self._qn("w:val")) if found is not None else None
        return value if value is not None else default

    def label(self, paragraph: Any) -> str:
        """The label Word would print before ``paragraph``, or "" when it has none."""
        qn = self._qn
        props = paragraph.find(qn("w:pPr"))
        num_pr = props.find(qn("w:numPr")) if props is not None else None
        if num_pr is None:
            return ""
        num_id = self._val(num_pr, "w:numId", "")
        ilvl_text = self._val(num_pr, "w:ilvl", "0")
        ilvl = int(ilvl_text) if ilvl_text.isdigit() else 0
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self._counters.setdefault(num_id, [0] * 10)
        if ilvl >= len(counters):
            return ""
        start, _, text = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            count = counters[level] or levels[level][0]
            return _format_number(count, levels[level][1])

        return re.sub(r"%([1-9])", value, text)


# --- PDF --------------------------------------------------------------------------------

_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


_DRAW_XOBJECT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_FORM_DEPTH = 8


def _page_cost(page: Any) -> int:
    """Decoded bytes that text extraction parses on ``page``: its content stream(s), and
    every form XObject as many times as it is drawn, nested forms included (a 100 KB
    form drawn 20 times costs as much as 2 MB of content)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    data = b"".join(stream.get_object().get_data() for stream in streams)
    return _drawn_cost(data, page.get("/Resources"), {}, 0)


def _drawn_cost(content: bytes, resources: Any, memo: dict[int, int], depth: int) -> int:
    total = len(content)
    if depth >= _FORM_DEPTH or b"Do" not in content or resources is None:
        return total
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return total
    xobjects = xobjects.get_object()
    for name in _DRAW_XOBJECT.findall(content):
        ref = xobjects.get("/" + name.decode("latin-1"))
        form = ref.get_object() if ref is not None else None
        if form is None or form.get("/Subtype") != "/Form":
            continue
        if id(form) not in memo:
            memo[id(form)] = 0  # a form that draws itself costs nothing more
            inner = form.get("/Resources") or resources
            memo[id(form)] = _drawn_cost(form.get_data(), inner, memo, depth + 1)
        total += memo[id(form)]
    return total


def _read_pdf(data: bytes, limits: ExpansionLimits) -> str:
    """The text of a PDF, its unpacking bounded by ``limits`` (page count, each stream,
    all page contents before any text is extracted, then the text)."""
    import pypdf
    from pypdf.errors import LimitReachedError

    budget = PdfBudget(limits)
    damaged = NoticeReadError(
        "PDF文件已损坏或不完整，无法读取：请重新导出PDF，或上传Word/文本版本",
        "the PDF is damaged or incomplete: export it again, or upload the Word or text version",
    )
    bounded = pypdf.get_configuration().with_overwrites(**pypdf_limits(limits))
    with _quiet("pypdf"), pypdf.apply_configuration(bounded):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise NoticeReadError(
                    "PDF文件已加密，无法读取文字：请上传未加密的版本",
                    "the PDF is encrypted: upload a version without a password",
                )
            budget.pages(len(reader.pages))
            for page in reader.pages:
                budget.add_content(_page_cost(page))
            pages = []
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                budget.add_text(len(pages[-1]))
        except (NoticeReadError, ExpansionRefused):
            raise
        except LimitReachedError as error:
            raise budget.stream_refused() from error
        except Exception as error:  # pypdf raises many kinds on damaged files
            raise damaged from error
    if not pages:
        raise damaged
    letters = sum(len(re.sub(r"\s", "", page)) for page in pages)
    if letters < 20 * len(pages):
        raise _SCANNED
    return "\n".join(_CJK_GAP.sub("", page) for page in pages)
