"""A block document (the notice, the report, the bulletin) as a Word file in 公文 format.

Page setup, fonts, line grid, page numbers and the title come from
:mod:`zhenggai.core.gongwen`; this module maps each kind of
:class:`~zhenggai.core.notice_render.Block` onto a paragraph:

- headings: level one 黑体, level two 楷体_GB2312 (run-in heading in 楷体, the
  rest in 仿宋), level three 仿宋 bold;
- ``salutation`` (主送机关) flush left; ``subtitle`` (期号, 密级) centred in 楷体;
- ``contact`` lines (联系电话：…) and list ``item`` lines left-aligned, so a
  short line is never stretched across the page by justification;
- ``table`` blocks (rows on lines, cells split by tabs) as a ruled table in 4号;
- the signature block (落款) and date right, 成文日期右空四字.

The last body paragraph, the closing, the attachments, the signature and the
date are chained with keep-with-next and widow/orphan control, so that no page
holds only the signature and the date.
"""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from . import gongwen as gw
from .notice_render import Block, NoticeDocument

_KIND_FONT = {"h1": gw.H1_FONT, "h2": gw.H2_FONT, "subtitle": gw.H2_FONT}


def _blank(word: Any) -> Any:
    blank = word.add_paragraph()
    gw.layout(blank)
    return blank


def _table(word: Any, b: Block) -> list[Any]:
    """A ``table`` block: rows on lines, cells split by tabs, the first row a header."""
    rows = [line.split("\t") for line in b.text.split("\n")]
    table = word.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Each column as wide as its longest text needs (two characters at least).
    need = [
        max(2, *(len(r[c]) if c < len(r) else 0 for r in rows)) + 1 for c in range(len(rows[0]))
    ]
    widths = [int(gw.TYPE_WIDTH * n / sum(need)) for n in need]
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for r, cells in enumerate(rows):
        for c, (cell, text) in enumerate(zip(table.rows[r].cells, cells, strict=False)):
            cell.width = widths[c]
            p = cell.paragraphs[0]
            gw.layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            gw.fonts(p.add_run(text), gw.H1_FONT if r == 0 else gw.BODY_FONT, gw.TABLE_SIZE)
    # The header row repeats on every page the table runs onto.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    # The last rows' paragraphs: what keep-with-next ties to a signature below the table.
    return [row.cells[0].paragraphs[0] for row in table.rows[1:][-3:]]


def _block(word: Any, b: Block) -> list[Any]:
    """Add ``b`` (and any blank line it brings) and return the paragraphs added."""
    if b.kind == "table":
        return _table(word, b)
    added = []
    if b.kind in ("attachments", "signature"):
        # A blank line before 附件; two before the signature (GB/T 9704-2012 7.3.5).
        added += [_blank(word) for _ in range(1 if b.kind == "attachments" else 2)]
    p = word.add_paragraph()
    added.append(p)
    if b.kind in ("signature", "date"):
        gw.layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        # 成文日期右空四字; the signature sits above it, roughly centred on it.
        p.paragraph_format.right_indent = gw.INDENT * 2 if b.kind == "date" else gw.INDENT
        gw.fonts(p.add_run(b.text), gw.BODY_FONT, gw.BODY_SIZE)
        return added
    if b.kind == "subtitle":
        gw.layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    elif b.kind == "salutation":
        gw.layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    elif b.kind in ("contact", "attachments", "item"):
        gw.layout(p, align=WD_ALIGN_PARAGRAPH.LEFT)
    elif b.kind == "attachment":
        # Attachment lines hang under the first one, after "附件：".
        gw.layout(p, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = gw.INDENT + gw.BODY_SIZE * 3
    else:
        gw.layout(p)
    if b.kind in ("h1", "h2", "h3") and not b.lead:
        gw.keep_with_next(p)  # a heading on a line of its own never ends a page
    bold = b.kind == "h3"
    if b.lead:
        gw.fonts(p.add_run(b.lead), _KIND_FONT.get(b.kind, gw.BODY_FONT), gw.BODY_SIZE, bold)
        gw.fonts(p.add_run(b.text), gw.BODY_FONT, gw.BODY_SIZE)
    else:
        gw.fonts(p.add_run(b.text), _KIND_FONT.get(b.kind, gw.BODY_FONT), gw.BODY_SIZE, bold)
    return added


def render_docx(doc: NoticeDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    word = gw.new_document()
    gw.add_title(word, doc.title, doc.keep_whole)
    last_body: list[Any] = []
    for b in doc.body:
        last_body = _block(word, b)
    # The signature and date travel with the text just above them: the closing,
    # contact lines and attachment list when there are (a dozen lines or so), else the
    # last body paragraph.
    tail: list[Any] = []
    for b in doc.tail:
        tail += _block(word, b)
    text_in_tail = any(b.kind not in ("signature", "date") for b in doc.tail)
    chain = tail if text_in_tail else [*last_body, *tail]
    for p in chain[:-1]:
        gw.keep_with_next(p)
    if chain:
        chain[-1].paragraph_format.widow_control = True
    return gw.save(word, doc.title)
