"""Writing ledger workbooks (.xlsx) from plain rows, streaming.

Every sheet goes through ``core.xlsx``: rows are compressed into the archive as they
arrive and the workbook is never held in memory; ``stream()`` hands its bytes out as
they are made, so a download starts at once. Merges are computed while streaming: a
run of rows of the same problem becomes one merged range once the next problem
starts, kept as a ``(first row, last row)`` pair and written after the rows. Text is
always an inline string, never a formula (formula injection: ``=HYPERLINK(…)`` typed
by a user stays text).

Rows must arrive grouped (all measures of one problem together, all rows of one
leader together); the Django side orders its queries accordingly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from zhenggai.core import xlsx
from zhenggai.core.lights import Light, ProblemStatus

LIGHT_FILLS = {
    Light.RED.value: "F4B6B6",
    Light.YELLOW.value: "FBE7A1",
    Light.GREEN.value: "C6E7C6",
    Light.UNASSIGNED.value: "D9D9D9",
    Light.CLOSED.value: "DCE6F4",
}
ID_HEADER = "编号"


@dataclass(frozen=True)
class LedgerRow:
    """One measure of the ledger with its problem, as plain values.

    ``problem_key`` groups rows into one problem (merged cells); ``row_id`` is
    written to the hidden 编号 column (``P12-M345``) so that an edited export
    imported again updates exactly those records.
    """

    problem_key: str
    seq: str
    aspect: str
    problem: str
    problem_code: str
    measure: str
    kind: str = ""
    leader: str = ""
    lead_unit: str = ""
    co_units: str = ""
    deadline: dt.date | None = None
    progress: str = ""
    status: str = ""
    evidence: str = ""
    light: str = ""
    row_id: str = ""
    group: str = ""


@dataclass(frozen=True)
class ProblemRow:
    """One problem of the 问题清单 with its measure counts."""

    seq: str
    problem: str
    aspect: str
    code: str
    measures: int
    closed: int
    status: ProblemStatus


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, width, how to read a row, and options."""

    header: str
    width: float
    value: Callable[[Any], object]
    merge: bool = False  # merged over the rows of one group
    hidden: bool = False
    wrap: bool = True


# The columns offices use, in their usual order; 整改时限 is column H.
LEDGER_COLUMNS: list[Column] = [
    Column("序号", 6, lambda r: r.seq, merge=True, wrap=False),
    Column("所属方面", 14, lambda r: r.aspect, merge=True),
    Column("反馈问题", 36, lambda r: r.problem, merge=True),
    Column("整改措施", 44, lambda r: r.measure),
    Column("责任领导", 10, lambda r: r.leader),
    Column("责任单位", 14, lambda r: r.lead_unit),
    Column("配合单位", 14, lambda r: r.co_units),
    Column("整改时限", 12, lambda r: r.deadline, wrap=False),
    Column("整改进展", 36, lambda r: r.progress),
    Column("完成情况", 10, lambda r: r.status),
    Column("佐证材料", 20, lambda r: r.evidence),
    Column("灯色", 7, lambda r: r.light, wrap=False),
    Column("问题编号", 9, lambda r: r.problem_code, merge=True),
    Column("整改类型", 10, lambda r: r.kind),
    Column(ID_HEADER, 4, lambda r: r.row_id, hidden=True, wrap=False),
    # Added after the hidden 编号 so that earlier columns keep their letters.
    Column("措施分组", 16, lambda r: r.group),
]

MEASURE_COLUMNS: list[Column] = [
    Column("序号", 7, lambda r: r[0], wrap=False),
    Column("问题编号", 9, lambda r: r[1].problem_code),
    Column("反馈问题", 30, lambda r: r[1].problem),
    Column("整改措施", 44, lambda r: r[1].measure),
    Column("整改类型", 10, lambda r: r[1].kind),
    Column("责任领导", 10, lambda r: r[1].leader),
    Column("责任单位", 14, lambda r: r[1].lead_unit),
    Column("配合单位", 14, lambda r: r[1].co_units),
    Column("整改时限", 12, lambda r: r[1].deadline, wrap=False),
    Column("完成情况", 10, lambda r: r[1].status),
    Column("灯色", 7, lambda r: r[1].light, wrap=False),
    Column(ID_HEADER, 4, lambda r: r[1].row_id, hidden=True, wrap=False),
]

PROBLEM_COLUMNS: list[Column] = [
    Column("序号", 6, lambda r: r.seq, wrap=False),
    Column("反馈问题", 50, lambda r: r.problem),
    Column("所属方面", 20, lambda r: r.aspect),
    Column("问题编号", 10, lambda r: r.code),
    Column("整改措施数", 10, lambda r: r.measures, wrap=False),
    Column("已销号数", 10, lambda r: r.closed, wrap=False),
    Column("整改状态", 12, lambda r: r.status.label, wrap=False),
]


def _responsibility_columns(group_header: str) -> list[Column]:
    return [
        Column(group_header, 14, lambda r: r[0], merge=True),
        Column("反馈问题", 30, lambda r: r[1].problem),
        Column("整改措施", 44, lambda r: r[1].measure),
        Column("责任领导" if group_header != "责任领导" else "责任单位", 14, _other(group_header)),
        Column("配合单位", 14, lambda r: r[1].co_units),
        Column("整改时限", 12, lambda r: r[1].deadline, wrap=False),
        Column("完成情况", 10, lambda r: r[1].status),
        Column("灯色", 7, lambda r: r[1].light, wrap=False),
    ]


def _other(group_header: str) -> Callable[[Any], object]:
    if group_header == "责任领导":
        return lambda r: r[1].lead_unit
    return lambda r: r[1].leader


LIGHT_LABELS = {light.value: light.label for light in Light}

BODY = xlsx.Style(border=True)
TITLE = xlsx.Style(font="黑体", size=16, bold=True, center=True)
HEADER = xlsx.Style(font="黑体", size=11, bold=True, fill="DDE5F0", border=True, center=True)


# The ordinal a notice puts before a measure: 一是 … 十二是, (一), 1.
MEASURE_LABEL = re.compile(
    r"^\s*([一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、])"
)


def measure_cell(label: str, text: str) -> str:
    """The 整改措施 cell: the measure's label, then its text (never the label twice)."""
    return text if not label or text.startswith(label) else f"{label}{text}"


def split_measure_cell(cell: str, label: str = "") -> tuple[str, str]:
    """Read a 整改措施 cell back into (label, text), the inverse of :func:`measure_cell`.

    The measure's own ``label`` is removed when the cell starts with it; a new row
    written "二是…" gets "二是" as its label, so an edited export imported again
    never stores the label inside the text (which the notice would print twice).
    """
    cell = cell.strip()
    if label and cell.startswith(label):
        return label, cell[len(label) :].lstrip()
    match = MEASURE_LABEL.match(cell)
    if match and len(cell) > match.end():
        return match.group(1), cell[match.end() :].lstrip()
    return label, cell


@dataclass(frozen=True)
class SheetSpec:
    """One sheet to write: its name, columns, title line and ``(item, group)`` pairs;
    a run of equal non-None groups is merged in the ``merge`` columns."""

    name: str
    columns: list[Column]
    heading: str
    items: Iterable[tuple[Any, object]]
    counted: bool = True  # its rows count in what ``save`` returns (not a summary sheet)


class _SheetWriter:
    """Streams rows into one sheet and merges runs of equal groups.

    Merges are kept as ``(first row, last row)`` pairs only and written after the rows,
    so a 100,000-row ledger keeps a few bytes per problem, not a range object."""

    def __init__(self, book: xlsx.Workbook, spec: SheetSpec):
        columns = spec.columns
        self.columns = columns
        self.sheet = book.sheet(
            spec.name,
            [xlsx.Col(c.width, c.hidden) for c in columns],
            freeze_rows=2,  # title in row 1, headers in row 2: both stay visible
            print_rows="1:2",
        )
        self.styles = [book.style(BODY._replace(wrap=c.wrap, center=not c.wrap)) for c in columns]
        self.date_style = book.style(BODY._replace(center=True, date=True))
        self.light_styles = {
            k: book.style(BODY._replace(center=True, fill=v)) for k, v in LIGHT_FILLS.items()
        }
        self.light_column = next((i for i, c in enumerate(columns) if c.header == "灯色"), -1)
        self.runs: list[tuple[int, int]] = []
        self.merge_letters = [xlsx.column_letter(i + 1) for i, c in enumerate(columns) if c.merge]
        self.title_merge = f"A1:{xlsx.column_letter(len(columns))}1"
        self.sheet.row([(spec.heading, book.style(TITLE))], height=30)
        header = book.style(HEADER)
        self.sheet.row([(c.header, header) for c in columns])
        self.row = 2
        self.group_key: object = None
        self.group_start = 0
        self.rows_written = 0

    def _close_group(self) -> None:
        if self.rows_written and self.row > self.group_start and self.merge_letters:
            self.runs.append((self.group_start, self.row))

    def _merge_refs(self) -> Iterator[str]:
        yield self.title_merge
        for first, last in self.runs:
            for letter in self.merge_letters:
                yield f"{letter}{first}:{letter}{last}"

    def write(self, item: object, group: object = None) -> None:
        """Append one row; ``group`` changing closes the previous merge run."""
        if group is None or group != self.group_key:
            self._close_group()
            self.group_key, self.group_start = group, self.row + 1
            first = True
        else:
            first = False
        cells = []
        for i, col in enumerate(self.columns):
            value = col.value(item)
            style = self.styles[i]
            if col.merge and not first:
                value = None  # only the top-left cell of a merged range keeps a value
            elif isinstance(value, dt.date):
                style = self.date_style
            elif i == self.light_column and isinstance(value, str) and value in LIGHT_FILLS:
                style, value = self.light_styles[value], LIGHT_LABELS[value]
            cells.append((value, style))
        self.sheet.row(cells)
        self.row += 1
        self.rows_written += 1

    def finish(self) -> int:
        self._close_group()
        self.sheet.close(self._merge_refs(), 1 + len(self.runs) * len(self.merge_letters))
        return self.rows_written


def fill(
    sheets: Iterable[SheetSpec], counted: list[int] | None = None
) -> Callable[[xlsx.Workbook], Iterator[None]]:
    """Write ``sheets`` into an ``xlsx.Workbook``, yielding every 500 rows (for
    ``xlsx.stream``); the number of rows written is appended to ``counted``."""

    def run(book: xlsx.Workbook) -> Iterator[None]:
        total = 0
        for spec in sheets:
            sheet = _SheetWriter(book, spec)
            for n, (item, group) in enumerate(spec.items, start=1):
                sheet.write(item, group)
                if n % 500 == 0:
                    yield
            written = sheet.finish()
            total += written if spec.counted else 0
        if counted is not None:
            counted.append(total)

    return run


def stream(sheets: Iterable[SheetSpec]) -> Iterator[bytes]:
    """The workbook's bytes as they are made: a download starts before the rows are read."""
    return xlsx.stream(fill(sheets))


def save(sheets: Iterable[SheetSpec], out: str | IO[bytes]) -> int:
    """Write the workbook to a path or binary file; returns the number of rows."""
    counted: list[int] = []
    if isinstance(out, str):
        with open(out, "wb") as fh:
            for data in xlsx.stream(fill(sheets, counted)):
                fh.write(data)
    else:
        for data in xlsx.stream(fill(sheets, counted)):
            out.write(data)
    return counted[0]


def ledger_sheets(
    rows: Iterable[LedgerRow], *, title: str, summary: Sequence[tuple[str, object]] = ()
) -> list[SheetSpec]:
    """The full ledger (整改台账). ``rows`` must list each problem's measures together;
    the problem columns (序号, 所属方面, 反馈问题, 问题编号) are merged over them.
    ``summary`` — (label, value) pairs of the oversight indicators — goes on a second
    sheet, 指标汇总 (not counted as rows; the import reads the first sheet only)."""
    sheets = [SheetSpec("整改台账", LEDGER_COLUMNS, title, ((r, r.problem_key) for r in rows))]
    if summary:
        items = ((pair, None) for pair in summary)
        sheets.append(SheetSpec("指标汇总", SUMMARY_COLUMNS, f"{title}指标汇总", items, False))
    return sheets


def measure_list_sheets(rows: Iterable[LedgerRow], *, title: str) -> list[SheetSpec]:
    """The 任务清单: one row per measure."""
    items = (((i, row), None) for i, row in enumerate(rows, start=1))
    return [SheetSpec("任务清单", MEASURE_COLUMNS, title, items)]


def problem_list_sheets(rows: Iterable[ProblemRow], *, title: str) -> list[SheetSpec]:
    """The 问题清单: one row per problem with its measure counts and status."""
    return [SheetSpec("问题清单", PROBLEM_COLUMNS, title, ((row, None) for row in rows))]


def responsibility_list_sheets(
    by_leader: Iterable[tuple[str, LedgerRow]],
    by_unit: Iterable[tuple[str, LedgerRow]],
    *,
    title: str,
) -> list[SheetSpec]:
    """The 责任清单: one sheet grouped by responsible leader, one by lead unit. Each
    iterable yields ``(group name, row)`` ordered by group, merged over its rows."""
    return [
        SheetSpec(
            sheet_title,
            _responsibility_columns(header),
            title,
            (((name, row), name or "—") for name, row in items),
        )
        for sheet_title, header, items in (
            ("按责任领导", "责任领导", by_leader),
            ("按责任单位", "责任单位", by_unit),
        )
    ]


SUMMARY_COLUMNS = [
    Column("指标", 18, lambda r: r[0]),
    Column("数值", 14, lambda r: r[1]),
]


def write_ledger(
    rows: Iterable[LedgerRow],
    out: str | IO[bytes],
    *,
    title: str,
    summary: Sequence[tuple[str, object]] = (),
) -> int:
    return save(ledger_sheets(rows, title=title, summary=summary), out)


def write_measure_list(rows: Iterable[LedgerRow], out: str | IO[bytes], *, title: str) -> int:
    return save(measure_list_sheets(rows, title=title), out)


def write_problem_list(rows: Iterable[ProblemRow], out: str | IO[bytes], *, title: str) -> int:
    return save(problem_list_sheets(rows, title=title), out)


def write_responsibility_list(
    by_leader: Iterable[tuple[str, LedgerRow]],
    by_unit: Iterable[tuple[str, LedgerRow]],
    out: str | IO[bytes],
    *,
    title: str,
) -> int:
    return save(responsibility_list_sheets(by_leader, by_unit, title=title), out)
