"""A plain table as an Excel workbook, safe against formula injection.

Any text that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-`` or ``@``) is written as a string cell, so a unit name such as
``=HYPERLINK(…)`` typed into the system never runs when the office opens the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@")


def cell(ws: object, value: object) -> WriteOnlyCell:
    """A write-only cell; text that looks like a formula stays text."""
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        c.data_type = "s"
    return c


def write_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    out: str | IO[bytes],
    *,
    title: str,
) -> int:
    """Write ``headers`` then ``rows`` to one sheet; return the number of rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for h in headers:
        c = cell(ws, h)
        c.font = bold
        head.append(c)
    ws.append(head)
    n = 0
    for row in rows:
        ws.append([cell(ws, v) for v in row])
        n += 1
    wb.save(out)
    return n
