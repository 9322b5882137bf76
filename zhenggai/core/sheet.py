"""A plain table as an Excel workbook (the 督导总览 export), through the one writer of
:mod:`zhenggai.core.xlsx`: text is always an inline string, never a formula, so a unit
name such as ``=HYPERLINK(…)`` typed into the system never runs when the office opens
the file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from zhenggai.core import xlsx


def write_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    out: IO[bytes],
    *,
    title: str,
) -> int:
    """Write ``headers`` (bold, frozen) then ``rows`` to one sheet; return the number of rows."""
    counted: list[int] = []

    def fill(book: xlsx.Workbook) -> Iterator[None]:
        sheet = book.sheet(title, [xlsx.Col(14) for _ in headers], freeze_rows=1)
        bold, plain = book.style(xlsx.Style(bold=True)), book.style(xlsx.Style())
        sheet.row([(h, bold) for h in headers])
        n = 0
        for n, row in enumerate(rows, start=1):
            sheet.row([(v, plain) for v in row])
            if n % 500 == 0:
                yield
        sheet.close()
        counted.append(n)

    for data in xlsx.stream(fill):
        out.write(data)
    return counted[0]
