"""Writing ledger workbooks (.xlsx) from plain rows, streaming.

Every sheet is written with openpyxl's write-only mode: rows go to a temporary
file as they arrive and the workbook is never held in memory. Write-only sheets
keep ``freeze_panes`` and ``column_dimensions``, and write ``merged_cells``
after the rows, so merges are computed while streaming: a run of rows of the
same problem becomes one merged range once the next problem starts. openpyxl
would keep each range as a ``CellRange`` object (about 1 KB; 130,000 of them for
a 100,000-row ledger), so we keep only ``(first row, last row)`` pairs and
write the ``<mergeCells>`` element ourselves as the sheet's tail is written.

Rows must arrive grouped (all measures of one problem together, all rows of one
leader together); the Django side orders its queries accordingly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import Element

from zhenggai.core.lights import Light, ProblemStatus

DATE_FORMAT = "yyyy-mm-dd"
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


@dataclass
class _Styles:
    """Cell styles made once per workbook: openpyxl registers each distinct style."""

    title_font: Font = field(default_factory=lambda: Font(name="黑体", size=16, bold=True))
    header_font: Font = field(default_factory=lambda: Font(name="黑体", size=11, bold=True))
    body_font: Font = field(default_factory=lambda: Font(name="宋体", size=10))
    header_fill: PatternFill = field(
        default_factory=lambda: PatternFill("solid", start_color="DDE5F0")
    )
    border: Border = field(
        default_factory=lambda: Border(*(Side(style="thin", color="999999"),) * 4)
    )
    wrap: Alignment = field(default_factory=lambda: Alignment(wrap_text=True, vertical="center"))
    plain: Alignment = field(
        default_factory=lambda: Alignment(vertical="center", horizontal="center")
    )
    fills: dict[str, PatternFill] = field(
        default_factory=lambda: {
            k: PatternFill("solid", start_color=v) for k, v in LIGHT_FILLS.items()
        }
    )


LIGHT_LABELS = {light.value: light.label for light in Light}

FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell(ws: Any, value: object) -> WriteOnlyCell:
    """A cell holding ``value``; text is always stored as text, never as a formula.

    Every writer builds its cells here. A measure text such as ``=HYPERLINK(...)`` or
    ``@SUM(...)`` typed by a user (or by the public) would otherwise become a live formula
    when the office opens the export (CSV/formula injection)."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


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


class _SheetWriter:
    """Streams rows into one write-only sheet and merges runs of equal groups."""

    def __init__(self, wb: Workbook, title: str, columns: list[Column], heading: str):
        self.ws = wb.create_sheet(title=title)
        self.columns = columns
        self.styles = _Styles()
        self.templates = self._cell_templates()
        for i, col in enumerate(columns, start=1):
            dim = self.ws.column_dimensions[get_column_letter(i)]
            dim.width = col.width
            dim.hidden = col.hidden
        # Title in row 1, headers in row 2; both stay visible while scrolling.
        self.ws.freeze_panes = "A3"
        self.ws.print_title_rows = "1:2"
        self.runs: list[tuple[int, int]] = []  # (first row, last row) of merged groups
        self.merge_letters = [get_column_letter(i + 1) for i, c in enumerate(columns) if c.merge]
        self.title_merge = f"A1:{get_column_letter(len(columns))}1"
        title_cell = text_cell(self.ws, heading)
        title_cell.font = self.styles.title_font
        title_cell.alignment = Alignment(horizontal="center", vertical="center")
        self.ws.row_dimensions[1].height = 30
        self.ws.append([title_cell])
        header = []
        for col in columns:
            cell = text_cell(self.ws, col.header)
            cell.font = self.styles.header_font
            cell.fill = self.styles.header_fill
            cell.border = self.styles.border
            cell.alignment = self.styles.plain
            header.append(cell)
        self.ws.append(header)
        self.row = 2
        self.group_key: object = None
        self.group_start = 0
        self.rows_written = 0

    def _cell_templates(self) -> list[WriteOnlyCell]:
        # Styling a cell registers its style with the workbook; doing that once per
        # column and copying the style ids keeps 100,000 rows fast.
        templates = []
        for col in self.columns:
            cell = WriteOnlyCell(self.ws)
            cell.font = self.styles.body_font
            cell.border = self.styles.border
            cell.alignment = self.styles.wrap if col.wrap else self.styles.plain
            templates.append(cell)
        return templates

    def _close_group(self) -> None:
        if self.rows_written and self.row > self.group_start and self.merge_letters:
            self.runs.append((self.group_start, self.row))

    def _merge_refs(self) -> Iterator[str]:
        yield self.title_merge
        for first, last in self.runs:
            for letter in self.merge_letters:
                yield f"{letter}{first}:{letter}{last}"

    def _write_merged_cells(self) -> None:
        """Stand-in for ``WorksheetWriter.write_merged_cells``: streams the ranges."""
        writer = self.ws._writer
        count = 1 + len(self.runs) * len(self.merge_letters)
        xf = writer.xf.send(True)  # the writer's raw xmlfile, as its own row writer uses it
        with xf.element("mergeCells", count=str(count)):
            for ref in self._merge_refs():
                xf.write(Element("mergeCell", ref=ref))
        writer.xf.send(None)

    def write(self, item: object, group: object = None) -> None:
        """Append one row; ``group`` changing closes the previous merge run."""
        if group is None or group != self.group_key:
            self._close_group()
            self.group_key, self.group_start = group, self.row + 1
            first = True
        else:
            first = False
        cells = []
        for col, template in zip(self.columns, self.templates, strict=True):
            value = col.value(item)
            if col.merge and not first:
                value = None  # only the top-left cell of a merged range keeps a value
            cell = text_cell(self.ws, value)
            cell._style = copy(template._style)  # style ids only, see _cell_templates
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif col.header == "灯色" and isinstance(value, str) and value in LIGHT_FILLS:
                cell.fill = self.styles.fills[value]
                cell.value = LIGHT_LABELS[value]
            cells.append(cell)
        self.ws.append(cells)
        self.row += 1
        self.rows_written += 1

    def finish(self) -> int:
        self._close_group()
        writer = getattr(self.ws, "_writer", None)
        if writer is not None and hasattr(writer, "xf"):
            writer.write_merged_cells = self._write_merged_cells
        else:  # an openpyxl without the streaming writer we know: let it write them
            for ref in self._merge_refs():
                self.ws.merged_cells.add(ref)
        return self.rows_written


def _save(wb: Workbook, out: str | IO[bytes]) -> None:
    wb.save(out)


def _new_workbook() -> Workbook:
    return Workbook(write_only=True)


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
    """Write the full ledger (整改台账) to ``out``; returns the number of rows.

    ``rows`` must list each problem's measures together; the problem columns
    (序号, 所属方面, 反馈问题, 问题编号) are merged over them. ``summary`` —
    (label, value) pairs of the oversight indicators — goes on a second sheet,
    指标汇总 (the import reads the first sheet only).
    """
    wb = _new_workbook()
    sheet = _SheetWriter(wb, "整改台账", LEDGER_COLUMNS, title)
    for row in rows:
        sheet.write(row, group=row.problem_key)
    count = sheet.finish()
    if summary:
        totals = _SheetWriter(wb, "指标汇总", SUMMARY_COLUMNS, f"{title}指标汇总")
        for item in summary:
            totals.write(item)
        totals.finish()
    _save(wb, out)
    return count


def write_measure_list(rows: Iterable[LedgerRow], out: str | IO[bytes], *, title: str) -> int:
    """Write the 任务清单: one row per measure."""
    wb = _new_workbook()
    sheet = _SheetWriter(wb, "任务清单", MEASURE_COLUMNS, title)
    for i, row in enumerate(rows, start=1):
        sheet.write((i, row))
    count = sheet.finish()
    _save(wb, out)
    return count


def write_problem_list(rows: Iterable[ProblemRow], out: str | IO[bytes], *, title: str) -> int:
    """Write the 问题清单: one row per problem with its measure counts and status."""
    wb = _new_workbook()
    sheet = _SheetWriter(wb, "问题清单", PROBLEM_COLUMNS, title)
    for row in rows:
        sheet.write(row)
    count = sheet.finish()
    _save(wb, out)
    return count


def write_responsibility_list(
    by_leader: Iterable[tuple[str, LedgerRow]],
    by_unit: Iterable[tuple[str, LedgerRow]],
    out: str | IO[bytes],
    *,
    title: str,
) -> int:
    """Write the 责任清单: one sheet grouped by responsible leader, one by lead unit.

    Each iterable yields ``(group name, row)`` ordered by group; the group cell is
    merged over its rows.
    """
    wb = _new_workbook()
    count = 0
    for sheet_title, header, items in (
        ("按责任领导", "责任领导", by_leader),
        ("按责任单位", "责任单位", by_unit),
    ):
        sheet = _SheetWriter(wb, sheet_title, _responsibility_columns(header), title)
        for name, row in items:
            sheet.write((name, row), group=name or "—")
        count += sheet.finish()
    _save(wb, out)
    return count
