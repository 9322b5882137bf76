"""What a parsed notice says about each measure beyond its text, read for the ledger.

A notice's ledger blocks and tables print a lead unit (责任单位, "镇党政办、镇财政所"), a
deadline in words ("2024年12月31日前", "长期坚持") and progress (整改进展) for a problem or
a measure. :func:`measure_facts` turns them into what a ledger measure holds: units
resolved by name as the Excel import resolves them (``core.ledger_import.Names``), the
deadline through ``core.ledger_import.find_deadline``; the names it could not resolve are
kept, so the summary can say so instead of dropping them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhenggai.core import ledger_import as li
from zhenggai.ledger.models import Measure


@dataclass
class MeasureFacts:
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = field(default_factory=list)
    deadline: dt.date | None = None
    kind: str = Measure.Kind.CONCENTRATED
    progress: str = ""
    unresolved: list[str] = field(default_factory=list)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def measure_facts(
    measure: dict, problem: dict, units: li.Names, feedback: dt.date | None, today: dt.date
) -> MeasureFacts:
    """The lead unit, co-units, deadline, kind and progress of ``measure`` (a measure of
    the notice JSON), falling back to what its ``problem`` prints for all its measures."""
    facts = MeasureFacts()
    if problem.get("long_term"):
        facts.kind = Measure.Kind.LONG_TERM
    names = li.split_names(li.clean(measure.get("lead_unit") or problem.get("lead_unit") or ""))
    for name in names:
        pk, _reason = units.resolve(name)
        if pk is None:
            facts.unresolved.append(name)
        elif facts.lead_unit_id is None:
            facts.lead_unit_id = pk
        elif pk != facts.lead_unit_id and pk not in facts.co_unit_ids:
            facts.co_unit_ids.append(pk)
    written = measure.get("deadline") or problem.get("deadline") or ""
    facts.deadline, hint = li.find_deadline(written, feedback, today)
    if facts.deadline is None:
        facts.deadline = _date(measure.get("deadline_date") or problem.get("deadline_date"))
    if hint:
        facts.kind = hint
    facts.progress = (measure.get("progress") or problem.get("progress") or "").strip()
    return facts
