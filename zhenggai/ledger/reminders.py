"""Periodic notifications the tick raises from the ledger: red lights and due look-backs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zhenggai.notify import events

from .models import Measure, Recheck

BATCH = 2000


def turned_red(measure_ids: Iterable[int], today: dt.date) -> int:
    """Tell the unit and leader of each measure that turned red today (once a day),
    a batch of measures at a time (a province's first tick turns 250,000 red)."""
    ids = list(measure_ids)
    told = 0
    for start in range(0, len(ids), BATCH):
        measures = Measure.objects.filter(pk__in=ids[start : start + BATCH]).select_related(
            "problem", "leader"
        )
        told += events.red_lights(list(measures), today)
    return told


def rechecks_due(today: dt.date) -> int:
    """Remind the office of look-backs due today or overdue (once per re-check)."""
    due = Recheck.objects.filter(result=Recheck.Result.PENDING, due__lte=today).select_related(
        "measure__problem__inspection"
    )
    return sum(events.recheck_due(r) for r in due)
