"""Supervision data for the demo town: a light history and a few bulletins."""

from __future__ import annotations

import datetime as dt

from zhenggai.inspections.models import Inspection

from .bulletins import do_generate_bulletin
from .tick import record_light_changes


def build_supervision_demo(today: dt.date, weeks: int = 8) -> None:
    """Replay the last ``weeks`` weeks: weekly light history, a bulletin every two weeks."""
    inspections = list(Inspection.objects.select_related("organisation"))
    for back in range(weeks, -1, -1):
        day = today - dt.timedelta(days=7 * back)
        record_light_changes(day, inspections)
        for inspection in inspections:
            if back % 2 == 0 and inspection.variant == Inspection.Variant.REGULAR:
                do_generate_bulletin(None, inspection, day)
