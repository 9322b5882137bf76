"""A streaming .xlsx (SpreadsheetML) writer: rows go into the zip as they are written.

An .xlsx is a zip of XML parts, and zip entries may come in any order: each sheet is
compressed into the archive row by row, and the parts that depend on every sheet
(workbook, styles, content types) are written last. Nothing is kept per row, so a
100,000-row sheet needs no more memory than a 10-row one, and when ``out`` is a
socket-like sink (:class:`Chunks`) the first bytes leave before the last row is read.

Text is always written as an inline string (``t="inlineStr"``), never as a formula:
a cell holding ``=HYPERLINK(…)`` stays text when opened (see ``core.excel.text_cell``
for the openpyxl writers). Only what the ledger workbooks use is supported: fonts,
fills, thin borders, wrapping and centring, dates, column widths, hidden columns,
frozen header rows, a row height, print titles and merged ranges.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, NamedTuple
from xml.sax.saxutils import escape

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Characters XML 1.0 forbids; openpyxl refuses them, we drop them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
ROWS_PER_WRITE = 100


class Style(NamedTuple):
    font: str = "宋体"
    size: int = 10
    bold: bool = False
    fill: str = ""  # RGB, e.g. "F4B6B6"
    border: bool = False
    wrap: bool = False
    center: bool = False
    date: bool = False


class Col(NamedTuple):
    width: float
    hidden: bool = False


def column_letter(i: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Chunks:
    """A write-only sink that hands out what was written so far (``take``)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


class Workbook:
    """Sheets written one after another into ``out`` (a binary file or :class:`Chunks`)."""

    def __init__(self, out: IO[bytes] | Chunks):
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3)  # type: ignore[call-overload]
        self.styles: dict[Style, int] = {Style(font="宋体", size=11): 0}
        self.sheets: list[tuple[str, str | None]] = []  # (name, print title rows)

    def style(self, style: Style) -> int:
        return self.styles.setdefault(style, len(self.styles))

    def sheet(
        self,
        name: str,
        cols: list[Col],
        *,
        freeze_rows: int = 0,
        print_rows: str | None = None,
    ) -> Sheet:
        self.sheets.append((name[:31], print_rows))
        return Sheet(self, len(self.sheets), cols, freeze_rows)

    def close(self) -> None:
        self._part("xl/styles.xml", self._styles_xml())
        self._part("xl/workbook.xml", self._workbook_xml())
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        n = len(self.sheets) + 1
        rels += f'<Relationship Id="rId{n}" Type="{_REL}/styles" Target="styles.xml"/>'
        self._part("xl/_rels/workbook.xml.rels", f"<Relationships {_PKG}>{rels}</Relationships>")
        self._part(
            "_rels/.rels",
            f'<Relationships {_PKG}><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        self._part(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f"{sheets}</Types>",
        )
        self.zip.close()

    def _part(self, name: str, xml: str) -> None:
        self.zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name="{escape(name, _QUOT)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(self.sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"'{escape(name.replace(chr(39), chr(39) * 2))}'!${rows.replace(':', ':$')}"
            "</definedName>"
            for i, (name, rows) in enumerate(self.sheets)
            if rows
        )
        defined = f"<definedNames>{names}</definedNames>" if names else ""
        return (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets>{defined}</workbook>"
        )

    def _styles_xml(self) -> str:
        fonts: dict[tuple[str, int, bool], int] = {}
        fills: dict[str, int] = {"": 0, "gray125": 1}
        xfs = []
        for s in self.styles:  # dicts keep insertion order: index = style id
            font = fonts.setdefault((s.font, s.size, s.bold), len(fonts))
            fill = fills.setdefault(s.fill, len(fills)) if s.fill else 0
            align = ""
            if s.wrap or s.center:
                h = ' horizontal="center"' if s.center else ""
                w = ' wrapText="1"' if s.wrap else ""
                align = f'<alignment vertical="center"{h}{w}/>'
            xfs.append(
                f'<xf numFmtId="{164 if s.date else 0}" fontId="{font}" fillId="{fill}" '
                f'borderId="{1 if s.border else 0}" xfId="0" applyFont="1" applyFill="1" '
                f'applyBorder="1" applyNumberFormat="1" applyAlignment="1">{align}</xf>'
            )
        font_xml = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="{escape(name)}"/></font>'
            for (name, size, bold) in fonts
        )
        fill_xml = '<fill><patternFill patternType="none"/></fill>'
        fill_xml += '<fill><patternFill patternType="gray125"/></fill>'
        fill_xml += "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
            f'<bgColor rgb="FF{rgb}"/></patternFill></fill>'
            for rgb in list(fills)[2:]
        )
        side = '<{0} style="thin"><color rgb="FF999999"/></{0}>'
        thin = "".join(side.format(edge) for edge in ("left", "right", "top", "bottom"))
        return (
            f'<styleSheet xmlns="{_MAIN}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            f'<fills count="{len(fills)}">{fill_xml}</fills>'
            f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{thin}<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


class Sheet:
    """One worksheet being streamed: ``row()`` as often as needed, then ``close()``."""

    def __init__(self, book: Workbook, number: int, cols: list[Col], freeze_rows: int):
        self.letters = [column_letter(i) for i in range(1, len(cols) + 1)]
        self.row_number = 0
        self.pending: list[str] = []  # rows not yet handed to the zip
        self.out = book.zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True)
        view = '<sheetView workbookViewId="0"/>'
        if freeze_rows:
            top = f"A{freeze_rows + 1}"
            view = (
                f'<sheetView workbookViewId="0"><pane ySplit="{freeze_rows}" '
                f'topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView>'
            )
        widths = "".join(
            f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"{_hidden(c)}/>'
            for i, c in enumerate(cols, start=1)
        )
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_REL}"><sheetViews>{view}</sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
        )

    def _write(self, text: str) -> None:
        self._flush()
        self.out.write(text.encode())

    def _flush(self) -> None:
        if self.pending:
            self.out.write("".join(self.pending).encode())
            self.pending = []

    def row(self, cells: Iterable[tuple[object, int]], height: float | None = None) -> None:
        """Append a row of ``(value, style id)``; None is a styled empty cell.

        Rows are handed to the zip ``ROWS_PER_WRITE`` at a time: one compressor call per
        row cost more than building the row's XML."""
        self.row_number += 1
        r = self.row_number
        ht = f' ht="{height}" customHeight="1"' if height else ""
        parts = self.pending
        parts.append(f'<row r="{r}"{ht}>')
        for letter, (value, style) in zip(self.letters, cells, strict=False):
            ref = f"{letter}{r}"
            if value is None or value == "":
                parts.append(f'<c r="{ref}" s="{style}"/>')
                continue
            if type(value) is not str:  # text, the common case, goes straight on
                if isinstance(value, bool):
                    parts.append(f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>')
                    continue
                if isinstance(value, (int, float)):
                    parts.append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
                    continue
                if isinstance(value, Decimal):  # 万元 amounts: a number, never "1E+1"
                    parts.append(f'<c r="{ref}" s="{style}"><v>{value:f}</v></c>')
                    continue
                if isinstance(value, dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    days = (day - EXCEL_EPOCH).days
                    parts.append(f'<c r="{ref}" s="{style}"><v>{days}</v></c>')
                    continue
                value = str(value)
            # Text is always an inline string, never a formula; XML-forbidden characters go.
            if ILLEGAL.search(value):
                value = ILLEGAL.sub("", value)
            parts.append(
                f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                f"{escape(value)}</t></is></c>"
            )
        parts.append("</row>")
        if r % ROWS_PER_WRITE == 0:
            self._flush()

    def close(self, merges: Iterable[str] = (), merge_count: int = 0) -> None:
        """End the sheet; ``merges`` are ranges such as ``A3:A5`` (``merge_count`` of them)."""
        self._write("</sheetData>")
        if merge_count:
            self.pending.append(f'<mergeCells count="{merge_count}">')
            for n, ref in enumerate(merges, start=1):
                self.pending.append(f'<mergeCell ref="{ref}"/>')
                if n % 1000 == 0:
                    self._flush()
            self._write("</mergeCells>")
        self._write("</worksheet>")
        self.out.close()


def _hidden(col: Col) -> str:
    return ' hidden="1"' if col.hidden else ""


def stream(fill: Callable[[Workbook], Iterable[None]], chunk: int = 1 << 16) -> Iterator[bytes]:
    """The bytes of the workbook ``fill(book)`` writes, as they are made. ``fill`` is
    a generator function: each time it yields, what is ready so far is handed out."""
    sink = Chunks()
    book = Workbook(sink)
    yield b""  # the response starts (headers) before the first row is read
    for _ in fill(book):
        if sink.size >= chunk:
            yield sink.take()
    book.close()
    yield sink.take()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = _DOC_REL
_PKG = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_QUOT = {'"': "&quot;"}
