"""The oversight indicators (考核指标), each formula stated once.

Counts come from aggregate queries (:mod:`zhenggai.oversight.indicators`); this
module turns them into rates, so every page, export and test reads the same
numbers. ``docs/INDICATORS.md`` explains each formula in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal


def rate(part: int, whole: int) -> float | None:
    """``part ÷ whole`` as a percentage with one decimal, or ``None`` when nothing counts."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Counts:
    """The raw counts of one organisation or inspection (summable)."""

    problems: int = 0
    measures: int = 0
    due: int = 0  # deadline reached (deadline ≤ today) or already closed
    closed: int = 0
    closed_with_deadline: int = 0
    closed_on_time: int = 0  # closed on or before the deadline
    overdue: int = 0  # red: open and past the judged deadline
    overdue_days: int = 0  # Σ days past the judged deadline over overdue measures
    max_overdue_days: int = 0
    yellow: int = 0  # by the organisation's own escalation policy
    unassigned: int = 0  # 待交办: open, without a leader, a lead unit or a deadline
    closed_with_evidence: int = 0
    rechecks_done: int = 0  # look-backs with a result (not the spot checks' reopenings)
    relapsed: int = 0
    spot_checked: int = 0
    spot_failed: int = 0
    regulations: int = 0
    accountability: int = 0  # 人次
    recovered: Decimal = field(default_factory=Decimal)  # 万元

    @property
    def green(self) -> int:
        """Open measures neither overdue, yellow nor 待交办 (the lights' green)."""
        return self.measures - self.closed - self.overdue - self.yellow - self.unassigned

    def add(self, **values: int | Decimal) -> None:
        """Add ``values`` in place (the longest overdue is the larger, not the sum)."""
        for name, value in values.items():
            old = getattr(self, name)
            setattr(self, name, max(old, value) if name == "max_overdue_days" else old + value)

    def __add__(self, other: Counts) -> Counts:
        out = Counts()
        out.add(**vars(self))
        out.add(**vars(other))
        return out


@dataclass(frozen=True)
class Indicators:
    """The indicator set of :class:`Counts`; every rate is ``None`` when its
    denominator is zero (shown as “—”, never as 0 % or 100 %)."""

    counts: Counts

    @property
    def completion_rate(self) -> float | None:
        """完成率 = closed ÷ due."""
        return rate(self.counts.closed, self.counts.due)

    @property
    def on_time_rate(self) -> float | None:
        """按期完成率 = closed on or before the deadline ÷ closed measures with a deadline."""
        return rate(self.counts.closed_on_time, self.counts.closed_with_deadline)

    @property
    def rebound_rate(self) -> float | None:
        """反弹回潮率 = relapsed look-backs ÷ look-backs done."""
        return rate(self.counts.relapsed, self.counts.rechecks_done)

    @property
    def evidence_coverage(self) -> float | None:
        """佐证覆盖率 = closed measures with at least one evidence file ÷ closed measures."""
        return rate(self.counts.closed_with_evidence, self.counts.closed)

    @property
    def spot_failure_rate(self) -> float | None:
        """抽查不实率 = failed spot checks ÷ spot checks done."""
        return rate(self.counts.spot_failed, self.counts.spot_checked)

    @property
    def status(self) -> str:
        """One word for filters: ``overdue`` (any red), ``done`` (all closed), else ``open``."""
        if self.counts.overdue:
            return "overdue"
        if self.counts.measures and self.counts.closed == self.counts.measures:
            return "done"
        return "open"

    def as_dict(self) -> dict[str, object]:
        """Counts and rates as plain values (JSON, CLI, exports)."""
        out: dict[str, object] = {f.name: getattr(self.counts, f.name) for f in fields(self.counts)}
        out["recovered"] = float(self.counts.recovered)
        for name in (
            "completion_rate",
            "on_time_rate",
            "rebound_rate",
            "evidence_coverage",
            "spot_failure_rate",
        ):
            out[name] = getattr(self, name)
        return out

    def cells(self) -> list[object]:
        """The values of :data:`COLUMNS`, in order."""
        values = self.as_dict()
        return [values[key] for key, _ in COLUMNS]

    def labelled(self) -> list[tuple[str, object]]:
        """``(label, value)`` of :data:`COLUMNS` — a table cell that names itself on a phone."""
        return [(label, value) for (_, label), value in zip(COLUMNS, self.cells(), strict=True)]


STATUS_LABELS = {"overdue": "有逾期", "open": "推进中", "done": "全部完成"}

# Column key → Chinese label, in the order the overview and its export show them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("problems", "问题数"),
    ("measures", "措施数"),
    ("due", "应完成"),
    ("closed", "已销号"),
    ("completion_rate", "完成率%"),
    ("on_time_rate", "按期率%"),
    ("overdue", "逾期数"),
    ("overdue_days", "逾期天数"),
    ("yellow", "黄灯"),
    ("unassigned", "待交办"),
    ("rebound_rate", "反弹率%"),
    ("evidence_coverage", "佐证覆盖%"),
    ("spot_failure_rate", "抽查不实%"),
    ("regulations", "建章立制"),
    ("accountability", "问责人次"),
    ("recovered", "追缴万元"),
)

# What each column means, in one line (tooltips on the overview and the dashboard).
DEFINITIONS = {
    "problems": "反馈问题数",
    "measures": "整改措施数",
    "due": "应完成 = 时限已到（含今天）或已销号的措施",
    "closed": "已销号的措施",
    "completion_rate": "完成率 = 已销号 ÷ 应完成",
    "on_time_rate": "按期率 = 时限内销号 ÷ 有时限的已销号措施",
    "overdue": "逾期 = 未销号且已过（长期整改：下一节点）时限，即红灯",
    "overdue_days": "逾期措施超过时限的天数之和",
    "yellow": "黄灯：按本单位预警规则临近时限或长期未报进展",
    "unassigned": "待交办 = 缺责任领导、牵头单位或整改时限",
    "rebound_rate": "反弹率 = 回头看发现反弹 ÷ 已完成回头看",
    "evidence_coverage": "佐证覆盖率 = 有佐证的已销号措施 ÷ 已销号措施",
    "spot_failure_rate": "抽查不实率 = 抽查不实 ÷ 已完成抽查",
    "regulations": "新制定和修订的制度",
    "accountability": "问责追责人次",
    "recovered": "追缴、挽回的资金（万元）",
}

# What a 社会通报 may print: rates of the public measures only (不宜公开 left out).
PUBLIC_KEYS = ("completion_rate", "on_time_rate")

# The indicators a dashboard, bulletin, report or export summary states, in order.
SUMMARY_KEYS = (
    "measures",
    "due",
    "closed",
    "completion_rate",
    "on_time_rate",
    "overdue",
    "overdue_days",
    "yellow",
    "unassigned",
    "rebound_rate",
    "evidence_coverage",
    "spot_failure_rate",
    "regulations",
    "accountability",
    "recovered",
)

_NAMES = {
    "problems": ("问题", "个"),
    "measures": ("整改措施", "项"),
    "due": ("应完成", "项"),
    "closed": ("已销号", "项"),
    "completion_rate": ("完成率", "%"),
    "on_time_rate": ("按期完成率", "%"),
    "overdue": ("逾期", "项"),
    "overdue_days": ("逾期天数合计", "天"),
    "yellow": ("黄灯", "项"),
    "unassigned": ("待交办", "项"),
    "rebound_rate": ("反弹回潮率", "%"),
    "evidence_coverage": ("佐证覆盖率", "%"),
    "spot_failure_rate": ("抽查不实率", "%"),
    "regulations": ("建章立制", "项"),
    "accountability": ("问责追责", "人次"),
    "recovered": ("追缴资金", "万元"),
}


def number(key: str, value: object) -> str:
    """An indicator's figure without its unit (“—” when it has none)."""
    if value is None:
        return "—"
    if isinstance(value, float) and key == "recovered":
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def shown(key: str, value: object) -> str:
    """One indicator as text with its unit (“完成率” 62.5 → “62.5%”; no value → “—”)."""
    return "—" if value is None else f"{number(key, value)}{_NAMES[key][1]}"


def summary(
    indicators: Indicators | Mapping[str, object], keys: Sequence[str] = SUMMARY_KEYS
) -> list[dict[str, object]]:
    """``keys`` as rows ``{key, label, value, text}`` — the one list every surface prints.

    ``indicators`` may also be the :meth:`Indicators.as_dict` frozen in a bulletin."""
    values = indicators.as_dict() if isinstance(indicators, Indicators) else indicators
    return [
        {
            "key": k,
            "label": _NAMES[k][0],
            "value": values[k],
            "text": shown(k, values[k]),
            "number": number(k, values[k]),
            "unit": "" if values[k] is None else _NAMES[k][1],
            "title": DEFINITIONS[k],
        }
        for k in keys
    ]


def sentence(
    indicators: Indicators | Mapping[str, object], keys: Sequence[str] = SUMMARY_KEYS
) -> str:
    """The indicators as one clause for a document: “完成率62.5%，按期完成率…”; a rate
    without a denominator (no look-back done yet) is left out rather than printed as “—”."""
    return "，".join(
        f"{row['label']}{row['text']}"
        for row in summary(indicators, keys)
        if row["value"] is not None
    )


def export_pairs(
    indicators: Indicators | Mapping[str, object], keys: Sequence[str] = SUMMARY_KEYS
) -> list[tuple[str, object]]:
    """``(label（unit）, value)`` pairs for a spreadsheet: numbers stay numbers, “—” for none."""
    return [
        (
            f"{row['label']}（{_NAMES[str(row['key'])][1]}）",
            "—" if row["value"] is None else row["value"],
        )
        for row in summary(indicators, keys)
    ]
