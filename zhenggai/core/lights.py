"""Traffic lights (红黄绿灯) and derived statuses, computed from plain values.

This module is the single statement of the rules in DESIGN.md §4. The ledger's
SQL annotation (``zhenggai.ledger.models.MeasureQuerySet.with_light``) mirrors
:func:`measure_light` so that lists can filter and sort by light; a test checks
the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Light(StrEnum):
    """A measure's state on every board: a light while it is open, else what it is.

    Values double as CSS class names. Besides the three lights, a measure still
    missing its leader, lead unit or deadline is 待交办 (grey, nobody can be
    reminded yet), and a closed measure is 已销号 — neither wears a light.
    """

    RED = "red"
    YELLOW = "yellow"
    UNASSIGNED = "unassigned"
    GREEN = "green"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.value]

    @property
    def rank(self) -> int:
        """Sort key: most urgent first."""
        return LIGHT_ORDER.index(self.value)

    @classmethod
    def of_rank(cls, rank: int) -> Light:
        """The state whose :attr:`rank` is ``rank`` (what SQL groups and stores)."""
        return cls(LIGHT_ORDER[rank])

    @property
    def is_open(self) -> bool:
        """Every state but 已销号."""
        return self is not Light.CLOSED

    @property
    def is_light(self) -> bool:
        """True for the three real lights (红黄绿) of an assigned, open measure."""
        return self in (Light.RED, Light.YELLOW, Light.GREEN)


LIGHT_LABELS = {
    "red": "红灯",
    "yellow": "黄灯",
    "unassigned": "待交办",
    "green": "绿灯",
    "closed": "已销号",
}
LIGHT_ORDER = ["red", "yellow", "unassigned", "green", "closed"]


@dataclass(frozen=True)
class LightRules:
    """Thresholds: yellow this many days before the deadline, or after this many
    days without a progress update."""

    yellow_days_before_deadline: int = 10
    yellow_days_without_update: int = 30


def measure_light(
    *,
    today: date,
    deadline: date | None,
    closed: bool,
    last_activity: date | None,
    rules: LightRules = LightRules(),
    assigned: bool = True,
) -> Light:
    """Return the light of one measure.

    ``deadline`` is the date the measure is judged on (for long-term items, the
    next open milestone). ``last_activity`` is the last progress update, or the
    date the measure was assigned when it has none.

    ``assigned`` is False while the measure lacks its leader, lead unit or
    deadline (:func:`is_assigned`).

    closed → 已销号; not assigned → 待交办; red: past the deadline; yellow: the
    deadline is within ``rules.yellow_days_before_deadline`` days, or nothing was
    reported for ``rules.yellow_days_without_update`` days; green otherwise.
    """
    if closed:
        return Light.CLOSED
    if not assigned:
        return Light.UNASSIGNED
    if deadline is not None and deadline < today:
        return Light.RED
    if deadline is not None and deadline <= today + timedelta(
        days=rules.yellow_days_before_deadline
    ):
        return Light.YELLOW
    if last_activity is not None and last_activity < today - timedelta(
        days=rules.yellow_days_without_update
    ):
        return Light.YELLOW
    return Light.GREEN


def is_assigned(*, leader: object, lead_unit: object, deadline: date | None) -> bool:
    """交办 is complete when a measure has a leader, a lead unit and a deadline."""
    return leader is not None and lead_unit is not None and deadline is not None


class ProblemStatus(StrEnum):
    """A problem's status, derived from its measures (the notices' wording)."""

    DONE = "done"
    MOSTLY_DONE = "mostly_done"
    IN_PROGRESS = "in_progress"

    @property
    def label(self) -> str:
        return {"done": "已完成整改", "mostly_done": "基本完成", "in_progress": "正在推进"}[
            self.value
        ]


def problem_status(measures: Iterable[tuple[bool, bool]]) -> ProblemStatus:
    """Derive a problem's status from ``(closed, long_term)`` pairs of its measures.

    All closed → 已完成整改. Everything closed except long-term measures that go on
    → 基本完成. Anything else, including a problem with no measures yet → 正在推进.
    """
    pairs = list(measures)
    if pairs and all(closed for closed, _ in pairs):
        return ProblemStatus.DONE
    if (
        pairs
        and all(closed or long_term for closed, long_term in pairs)
        and any(closed for closed, _ in pairs)
    ):
        return ProblemStatus.MOSTLY_DONE
    return ProblemStatus.IN_PROGRESS
