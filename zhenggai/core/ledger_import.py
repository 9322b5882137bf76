"""Reading a ledger (台账) from an .xlsx file into plain records, with errors in Chinese.

Three steps, each usable alone: :func:`read_table` finds the header row and
reads the cells; :func:`guess_mapping` maps header names (and their usual
synonyms) to ledger fields; :func:`parse_table` turns rows into problems and
measures, resolving leader and unit names through :class:`Names`, and collects
*every* error with its row and column (``第7行H列（整改时限）：…``) instead of
stopping at the first. Nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from zhenggai.core import limits
from zhenggai.core.excel import ID_HEADER
from zhenggai.core.expansion import ExpansionLimits, ExpansionRefused, check_xlsx, is_zip
from zhenggai.core.text import fold, normalize_text, read_date
from zhenggai.core.workdays import parse_working_days, working_days_deadline


class LedgerFileError(Exception):
    """The file cannot be read as a ledger at all; the message is for the user."""


@dataclass(frozen=True)
class FieldSpec:
    """A ledger field an import column can feed, with the header names offices use."""

    key: str
    label: str
    synonyms: tuple[str, ...]
    imported: bool = True  # False: recognised, shown, but not written by an import


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("seq", "序号", ("序号", "序", "编码"), imported=False),
    FieldSpec("aspect", "所属方面", ("所属方面", "方面", "问题类别", "问题类型", "问题方面")),
    FieldSpec(
        "problem",
        "反馈问题",
        ("反馈问题", "问题", "存在问题", "巡察反馈问题", "巡视反馈问题", "问题描述", "主要问题"),
    ),
    FieldSpec("code", "问题编号", ("问题编号", "反馈编号", "问题序号")),
    FieldSpec("measure", "整改措施", ("整改措施", "措施", "具体措施", "整改任务", "整改举措")),
    FieldSpec("kind", "整改类型", ("整改类型", "整改方式", "措施类型")),
    FieldSpec("group", "措施分组", ("措施分组", "措施小标题")),
    FieldSpec("leader", "责任领导", ("责任领导", "分管领导", "牵头领导", "主责领导")),
    FieldSpec(
        "lead_unit", "责任单位", ("责任单位", "牵头单位", "责任部门", "牵头部门", "主责单位")
    ),
    FieldSpec("co_units", "配合单位", ("配合单位", "协办单位", "配合部门", "协助单位")),
    FieldSpec(
        "deadline",
        "整改时限",
        ("整改时限", "时限", "完成时限", "完成时间", "整改期限", "办结时限"),
    ),
    FieldSpec("progress", "整改进展", ("整改进展", "进展", "进展情况"), imported=False),
    FieldSpec("done", "完成情况", ("完成情况", "整改情况"), imported=False),
    FieldSpec("evidence", "佐证材料", ("佐证材料", "佐证"), imported=False),
    FieldSpec("light", "灯色", ("灯色",), imported=False),
    FieldSpec("row_id", "编号（系统）", (ID_HEADER,)),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}

KINDS = {
    "立行立改": "immediate",
    "立即整改": "immediate",
    "集中整改": "concentrated",
    "长期整改": "long_term",
    "长期坚持": "long_term",
    "长期": "long_term",
}
_ROW_ID = re.compile(r"^P(\d+)(?:-M(\d+))?$")
_LOOKS_LIKE_DATE = re.compile(r"^\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}")
_MONTH_END = re.compile(r"^(\d{4})[年\-/.](\d{1,2})月?(?:底|末)?(?:前|之前|以前)?$")
_SPLIT = re.compile(r"[、，,；;/\s]+")
DATE_HINT = "请写成 2025-06-30 或 2025年6月30日"


def clean(value: object) -> str:
    """A cell's text: full-width digits and letters to half-width, spaces trimmed."""
    return "" if value is None else normalize_text(str(value))


def split_names(text: str) -> list[str]:
    """Names listed in one cell or field: "镇党政办、镇财政所" → both."""
    return [name for name in _SPLIT.split(text) if name]


def _header_key(value: object) -> str:
    text = unicodedata.normalize("NFKC", clean(value))
    text = re.sub(r"\(.*?\)|（.*?）", "", text)  # "整改时限（必填）"
    return re.sub(r"\s+", "", text)


@dataclass
class Table:
    """The cells of one sheet below its header row; ``rows`` hold (row number, values)."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]
    sheet: str = ""

    def column_label(self, index: int) -> str:
        return f"{get_column_letter(index + 1)}列（{self.headers[index] or '无标题'}）"


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The header among ``rows`` (0-based index and its mapping): the row naming the most
    ledger fields, at least two. Shared by Excel ledgers and tables in Word notices."""
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(rows):
        mapping = guess_mapping([clean(v) for v in cells])
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (index, mapping)
    return best


def read_table(
    data: bytes, *, max_rows: int = 200_000, limits: ExpansionLimits | None = None
) -> Table:
    """Read the first sheet of an .xlsx file and find its header row (within the first 10).

    ``limits`` bound what the workbook may unpack to; a file beyond them is refused
    before openpyxl reads it (see :mod:`zhenggai.core.expansion`).
    """
    if is_zip(data):
        try:
            check_xlsx(data, limits or ExpansionLimits())
        except ExpansionRefused as refused:
            raise LedgerFileError(refused.reason) from refused
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise LedgerFileError(
            "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件"
            "（.xls 请先在 Excel 或 WPS 中另存为 .xlsx）。"
        ) from exc
    try:
        ws = wb.worksheets[0]
        head: list[list[Any]] = []
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(values)
            if number <= 10:
                head.append(cells)
            rows.append((number, cells))
            if len(rows) > max_rows:
                raise LedgerFileError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
        title = ws.title
    finally:
        wb.close()
    header = find_header(head)
    if header is None:
        raise LedgerFileError(
            "在前 10 行中没有找到表头：请确认表格有“反馈问题”“整改措施”“责任单位”等列名。"
        )
    best_row = header[0] + 1
    headers = [clean(v) for v in head[best_row - 1]]
    width = max([len(headers)] + [len(r) for _, r in rows])
    headers += [""] * (width - len(headers))
    body = [(n, r + [None] * (width - len(r))) for n, r in rows if n > best_row]
    return Table(headers=headers, header_row=best_row, rows=body, sheet=title)


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Field key → column index, guessed from header names and their synonyms.

    Exact names win; then a header containing a known name (longest first), so
    "整改时限（必填）" and "具体整改措施" still map.
    """
    keys = [_header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for spec in FIELDS:
        for i, key in enumerate(keys):
            if i not in used and key in spec.synonyms:
                mapping[spec.key] = i
                used.add(i)
                break
    candidates = sorted(
        (
            (len(syn), spec.key, syn)
            for spec in FIELDS
            for syn in spec.synonyms
            if len(syn) > 1 and spec.key != "row_id"
        ),
        reverse=True,
    )
    for _, field_key, syn in candidates:
        if field_key in mapping:
            continue
        for i, key in enumerate(keys):
            if i not in used and key and syn in key:
                mapping[field_key] = i
                used.add(i)
                break
    return mapping


class Names:
    """Names people write in a ledger, resolved to ids (units or leaders).

    ``entries`` are ``(id, names…)`` or ``(id, names…, tier)``: a unit's full and
    short name, a leader's full name and username. A lower tier wins (tier 0:
    the inspected organisation's own subtree; tier 1: the level above, whose
    leaders often answer for a village's measures), so a name repeated in a
    neighbouring town does not make a local one ambiguous. Two ids of the same
    best tier are ambiguous.
    """

    def __init__(self, kind: str, entries: Iterable[tuple[Any, ...]]):
        self.kind = kind
        self.ids: dict[str, dict[int, int]] = {}
        for entry in entries:
            pk, names = entry[0], entry[1]
            tier = entry[2] if len(entry) > 2 else 0
            for name in names:
                key = fold(name)
                if key:
                    known = self.ids.setdefault(key, {})
                    known[pk] = min(tier, known.get(pk, tier))

    def resolve(self, name: str) -> tuple[int | None, str]:
        """``(id, "")`` or ``(None, reason in Chinese)``."""
        key = fold(name)
        found = self.ids.get(key, {})
        if found:
            best = min(found.values())
            ids = [pk for pk, tier in found.items() if tier == best]
            if len(ids) == 1:
                return ids[0], ""
            hint = "请改写为全称或用户名以区分" if self.kind == "责任领导" else "请改写为全称"
            return None, f"有多个{self.kind}叫“{name}”，{hint}。"
        close = difflib.get_close_matches(key, list(self.ids), n=1, cutoff=0.5)
        suggestion = (
            f"，是否为“{close[0]}”？" if close else "，请先在系统中添加，或改为已有的名称。"
        )
        return None, f"系统中没有名为“{name}”的{self.kind}{suggestion}"


@dataclass
class ParsedMeasure:
    """One measure row of the file, with names resolved to ids."""

    row: int
    text: str
    kind: str
    leader_id: int | None
    lead_unit_id: int | None
    co_unit_ids: list[int]
    deadline: dt.date | None
    measure_pk: int | None = None
    group: str = ""  # the sub-heading of the problem it is listed under (措施分组)


@dataclass
class ParsedProblem:
    """A problem of the file (one or more rows) and its measures."""

    row: int
    title: str
    code: str
    aspect: str
    problem_pk: int | None = None
    measures: list[ParsedMeasure] = field(default_factory=list)


@dataclass
class ParseResult:
    """What a file holds and what is wrong with it; nothing may be saved if ``errors``."""

    problems: list[ParsedProblem]
    errors: list[str]

    @property
    def measure_count(self) -> int:
        return sum(len(p.measures) for p in self.problems)


def parse_date(
    value: object, feedback: dt.date | None, today: dt.date
) -> tuple[dt.date | None, str | None]:
    """A deadline cell → ``(date, kind hint)``; raises ValueError (with a reason) if unreadable.

    Accepts Excel dates, 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日(前),
    2025年6月底, "15个工作日" (:func:`~zhenggai.core.workdays.working_days_deadline`: from
    the feedback date, else ``today``), 长期坚持 and 立行立改.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 < value < 80_000:  # an Excel serial date the cell did not format
            converted = from_excel(value)
            return (converted.date() if isinstance(converted, dt.datetime) else None), None
        raise ValueError(DATE_HINT)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if text in KINDS:
        return None, KINDS[text]
    days = parse_working_days(text)
    if days is not None:
        return working_days_deadline(days, feedback=feedback, today=today).date, None
    if _LOOKS_LIKE_DATE.match(text):
        written = read_date(text)
        if written is None:
            raise ValueError(DATE_HINT)
        return written, None
    match = _MONTH_END.match(text)
    if match and ("月" in text or "底" in text or "末" in text):
        y, m = (int(g) for g in match.groups())
        if 1 <= m <= 12:
            nxt = dt.date(y + m // 12, m % 12 + 1, 1)
            return nxt - dt.timedelta(days=1), None
    raise ValueError(DATE_HINT)


_DEADLINE_IN_TEXT = re.compile(
    r"\d{4}[年\-/.]\d{1,2}(?:[月\-/.]\d{1,2}日?|月(?:底|末)|月)|\d{1,3}个?工作日"
)


def find_deadline(
    text: str, feedback: dt.date | None, today: dt.date
) -> tuple[dt.date | None, str | None]:
    """A deadline written in running text, as a notice prints it ("2024年12月31日前完成",
    "6月底前", "长期坚持"): :func:`parse_date` on the whole text, else on the first date
    in it; ``(None, None)`` when there is none (never raises)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    try:
        return parse_date(text, feedback, today)
    except ValueError:
        pass
    for written in _DEADLINE_IN_TEXT.findall(text):
        try:
            found, hint = parse_date(written, feedback, today)
        except ValueError:
            continue
        if found is not None:
            return found, hint
    kind = next((k for word, k in KINDS.items() if word in text), None)
    return None, kind


def parse_table(
    table: Table,
    mapping: Mapping[str, int],
    *,
    leaders: Names,
    units: Names,
    feedback: dt.date | None = None,
    today: dt.date,
) -> ParseResult:
    """Turn the rows into problems and measures, collecting every error.

    An empty problem cell continues the problem above (merged cells read that
    way); the aspect cell fills down the same way.
    """
    errors: list[str] = []
    for required in ("problem", "measure"):
        if required not in mapping:
            errors.append(f"没有指定“{FIELD_BY_KEY[required].label}”对应的列，请在列对应中选择。")
    if errors:
        return ParseResult([], errors)

    def cell(values: list[Any], key: str) -> Any:
        index = mapping.get(key)
        return values[index] if index is not None and index < len(values) else None

    def where(number: int, key: str) -> str:
        return f"第{number}行{table.column_label(mapping[key])}"

    problems: list[ParsedProblem] = []
    current: ParsedProblem | None = None
    aspect = ""
    seen_measures: dict[int, int] = {}
    for number, values in table.rows:
        relevant = [cell(values, spec.key) for spec in FIELDS if spec.key in mapping]
        if all(clean(v) == "" for v in relevant):
            continue
        problem_pk = measure_pk = None
        raw_id = clean(cell(values, "row_id"))
        if raw_id:
            match = _ROW_ID.match(raw_id)
            if match is None:
                errors.append(
                    f"{where(number, 'row_id')}：“{raw_id}”不是本系统导出的编号，请清空该格。"
                )
            else:
                problem_pk = int(match.group(1))
                measure_pk = int(match.group(2)) if match.group(2) else None
        if clean(cell(values, "aspect")):
            aspect = clean(cell(values, "aspect"))
        title = clean(cell(values, "problem"))
        for key, what, text, limit in (
            ("aspect", "方面", clean(cell(values, "aspect")), limits.ASPECT_TITLE),
            ("problem", "反馈问题", title, limits.PROBLEM_TITLE),
            ("code", "问题编号", clean(cell(values, "code")), limits.CODE),
            ("group", "措施分组", clean(cell(values, "group")), limits.MEASURE_GROUP),
        ):
            error = limits.too_long(what, text, limit)
            if error and key in mapping:
                errors.append(f"{where(number, key)}：{error}")
        if title and (
            current is None
            or title != current.title
            or (problem_pk is not None and problem_pk != current.problem_pk)
        ):
            current = ParsedProblem(
                row=number,
                title=title,
                code=clean(cell(values, "code")),
                aspect=aspect,
                problem_pk=problem_pk,
            )
            problems.append(current)
        elif current is None:
            errors.append(f"{where(number, 'problem')}：缺少反馈问题。")
            continue
        text = clean(cell(values, "measure"))
        if not text:
            if any(clean(cell(values, k)) for k in ("leader", "lead_unit", "deadline")):
                errors.append(f"{where(number, 'measure')}：缺少整改措施内容。")
            continue
        if measure_pk is not None:
            if measure_pk in seen_measures:
                errors.append(
                    f"{where(number, 'row_id')}：编号“{raw_id}”与"
                    f"第{seen_measures[measure_pk]}行重复，复制的行请清空编号。"
                )
                measure_pk = None
            else:
                seen_measures[measure_pk] = number
        measure = ParsedMeasure(
            row=number,
            text=text,
            kind="concentrated",
            leader_id=None,
            lead_unit_id=None,
            co_unit_ids=[],
            deadline=None,
            measure_pk=measure_pk,
            group=clean(cell(values, "group")),
        )
        _read_measure_cells(
            measure, values, cell, where, number, leaders, units, (feedback, today), errors
        )
        current.measures.append(measure)
    if not problems and not errors:
        errors.append("文件中没有读到任何反馈问题或整改措施。")
    return ParseResult(problems, errors)


def _read_measure_cells(
    measure: ParsedMeasure,
    values: list[Any],
    cell: Any,
    where: Any,
    number: int,
    leaders: Names,
    units: Names,
    dates: tuple[dt.date | None, dt.date],  # (feedback, today): the working-day base
    errors: list[str],
) -> None:
    kind_text = clean(cell(values, "kind"))
    if kind_text:
        if kind_text in KINDS:
            measure.kind = KINDS[kind_text]
        else:
            errors.append(
                f"{where(number, 'kind')}：“{kind_text}”不是整改类型，"
                "请写立行立改、集中整改或长期整改。"
            )
    raw_deadline = cell(values, "deadline")
    if raw_deadline not in (None, ""):
        try:
            measure.deadline, hint = parse_date(raw_deadline, *dates)
            if hint and not kind_text:
                measure.kind = hint
        except ValueError as exc:
            shown = clean(raw_deadline)
            if isinstance(raw_deadline, int | float):
                shown = str(raw_deadline)
            errors.append(f"{where(number, 'deadline')}：“{shown}”不是有效日期，{exc}")
    leader = clean(cell(values, "leader"))
    if leader:
        measure.leader_id, reason = leaders.resolve(leader)
        if reason:
            errors.append(f"{where(number, 'leader')}：{reason}")
    lead = clean(cell(values, "lead_unit"))
    if lead:
        measure.lead_unit_id, reason = units.resolve(lead)
        if reason:
            errors.append(f"{where(number, 'lead_unit')}：{reason}")
    for name in split_names(clean(cell(values, "co_units"))):
        pk, reason = units.resolve(name)
        if pk is None:
            errors.append(f"{where(number, 'co_units')}：{reason}")
        elif pk not in measure.co_unit_ids:
            measure.co_unit_ids.append(pk)
