"""The notice as a Word file in 公文 format (GB/T 9704-2012), with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
方正小标宋简体 2号 (22 pt) centred; body 仿宋_GB2312 3号 (16 pt); level-one
headings 黑体, level-two 楷体_GB2312; exact line spacing 28.95 pt so that the
225 mm type area holds 22 lines; page numbers "— N —" in 宋体 4号, right on odd
pages and left on even pages.

Fonts are named in ``w:rFonts`` for every script (``w:eastAsia`` included), so
an office computer with the 公文 fonts renders them; where they are missing,
Word and LibreOffice substitute a font and the file still opens.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .notice_render import Block, NoticeDocument

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
INDENT = Pt(32)  # two characters of 3号

_KIND_FONT = {"h1": H1_FONT, "h2": H2_FONT}


def _fonts(run: Any, name: str, size: Any, bold: bool = False) -> None:
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


def _layout(paragraph: Any, *, indent: bool = True, exact: bool = True) -> None:
    fmt = paragraph.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    # 公文 fill every page to the last line of the grid.
    fmt.widow_control = False
    # No automatic gap between Chinese and digits ("2026年3月", not "2026 年 3 月").
    _no_autospace(paragraph._element.get_or_add_pPr())
    if indent:
        fmt.first_line_indent = INDENT
    # Keep Chinese lines justified to both margins like typeset documents.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _page_number(paragraph: Any, align: Any) -> None:
    """ "— N —" with a PAGE field, in 宋体 4号."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    _fonts(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
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
    _fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _setup(doc: Any) -> None:
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

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _block(doc: Any, b: Block) -> None:
    p = doc.add_paragraph()
    if b.kind == "title":
        _layout(p, indent=False, exact=False)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(35)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(b.text), TITLE_FONT, TITLE_SIZE)
        blank = doc.add_paragraph()
        _layout(blank)
        return
    if b.kind in ("signature", "date"):
        _layout(p, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # 成文日期右空四字; the signature sits above it, roughly centred on it.
        p.paragraph_format.right_indent = INDENT * 2 if b.kind == "date" else INDENT
        _fonts(p.add_run(b.text), BODY_FONT, BODY_SIZE)
        return
    if b.kind == "attachments":
        blank = doc.add_paragraph()
        _layout(blank)
    _layout(p)
    if b.kind == "attachment":
        # Attachment lines hang under the first one, after "附件：".
        p.paragraph_format.first_line_indent = None
        p.paragraph_format.left_indent = INDENT + BODY_SIZE * 3
    if b.lead:
        _fonts(p.add_run(b.lead), _KIND_FONT.get(b.kind, BODY_FONT), BODY_SIZE, b.kind == "h3")
        _fonts(p.add_run(b.text), BODY_FONT, BODY_SIZE)
    else:
        font = _KIND_FONT.get(b.kind, BODY_FONT)
        _fonts(p.add_run(b.text), font, BODY_SIZE, b.kind == "h3")


def render_docx(doc: NoticeDocument) -> bytes:
    """The notice as the bytes of a .docx file."""
    word = Document()
    _setup(word)
    # python-docx starts with one empty paragraph in the body; reuse nothing, drop it.
    for p in list(word.paragraphs):
        p._element.getparent().remove(p._element)
    for b in doc.blocks:
        if b.kind == "signature":
            blank = word.add_paragraph()
            _layout(blank)
            blank2 = word.add_paragraph()
            _layout(blank2)
        _block(word, b)
    word.core_properties.title = doc.title
    word.core_properties.language = "zh-CN"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
