"""Periodic notifications the tick raises from the ledger: red lights and due look-backs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zhenggai.notify import events

from .models import Measure, Recheck


def turned_red(measure_ids: Iterable[int], today: dt.date) -> int:
    """Tell the unit and leader of each measure that turned red today (once a day)."""
    measures = Measure.objects.filter(pk__in=list(measure_ids)).select_related("problem", "leader")
    return sum(events.red_light(m, today) for m in measures)


def rechecks_due(today: dt.date) -> int:
    """Remind the office of look-backs due today or overdue (once per re-check)."""
    due = Recheck.objects.filter(result=Recheck.Result.PENDING, due__lte=today).select_related(
        "measure__problem__inspection"
    )
    return sum(events.recheck_due(r) for r in due)
