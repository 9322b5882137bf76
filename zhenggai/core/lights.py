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
    """A measure's light. Values double as CSS class names."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def label(self) -> str:
        return {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}[self.value]

    @property
    def rank(self) -> int:
        """Sort key: most urgent first."""
        return {"red": 0, "yellow": 1, "green": 2}[self.value]


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
) -> Light:
    """Return the light of one measure.

    ``deadline`` is the date the measure is judged on (for long-term items, the
    next open milestone). ``last_activity`` is the last progress update, or the
    date the measure was assigned when it has none.

    red: past the deadline and not closed; yellow: the deadline is within
    ``rules.yellow_days_before_deadline`` days, or nothing was reported for
    ``rules.yellow_days_without_update`` days; green otherwise (closed is green).
    """
    if closed:
        return Light.GREEN
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
