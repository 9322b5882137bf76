"""Building bulletin snapshots from the ledger and freezing them."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max

from zhenggai.audit.log import record
from zhenggai.core.bulletin import compare
from zhenggai.core.lights import Light
from zhenggai.ledger.models import Measure, policy_of, rules_for
from zhenggai.orgs.models import Organisation

from .indicators import inspection_indicators
from .models import Bulletin


def take_snapshot(inspection, today: dt.date) -> dict:
    """The state of every measure of ``inspection`` today, as plain data (two queries)."""
    rules = rules_for(inspection)
    stale_before = today - dt.timedelta(days=rules.yellow_days_without_update)
    rows = (
        Measure.objects.filter(problem__inspection=inspection)
        .with_light(today, rules)
        .values_list("pk", "light", "status", "lead_unit_id", "last_activity", "label", "text")
        .order_by("pk")
    )
    measures = {}
    for pk, light, status, unit, last, label, text in rows:
        closed = status == Measure.Status.CLOSED
        measures[str(pk)] = {
            "light": light,
            "closed": closed,
            "unit": str(unit) if unit else "",
            "stale": bool(not closed and last and last < stale_before),
            "label": f"{label}{text}"[:60],
        }
    unit_ids = {int(m["unit"]) for m in measures.values() if m["unit"]}
    units = {
        str(o.pk): o.display_name
        for o in Organisation.objects.filter(pk__in=unit_ids).only("name", "short_name")
    }
    return {"date": today.isoformat(), "units": units, "measures": measures}


def next_period_end(inspection, today: dt.date, every: int) -> dt.date | None:
    """The latest scheduled period end on or before ``today`` (every N days from feedback)."""
    start = inspection.feedback_date
    if start is None or (today - start).days < every:
        return None  # the first period is not over yet
    return start + dt.timedelta(days=((today - start).days // every) * every)


def do_generate_bulletin(actor, inspection, today: dt.date, *, on_demand: bool = False):
    """Freeze a bulletin for the period ending ``today``; return (bulletin, created).

    A second call for the same day returns the existing bulletin: a bulletin is
    never rewritten.
    """
    existing = Bulletin.objects.filter(inspection=inspection, period_end=today).first()
    if existing:
        return existing, False
    previous = (
        Bulletin.objects.filter(inspection=inspection, period_end__lt=today)
        .order_by("-period_end")
        .first()
    )
    snapshot = take_snapshot(inspection, today)
    figures = compare(snapshot, previous.snapshot if previous else None).to_dict()
    figures["indicators"] = inspection_indicators(inspection, today).as_dict()
    try:
        with transaction.atomic():
            number = (
                Bulletin.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0
            ) + 1
            bulletin = Bulletin.objects.create(
                inspection=inspection,
                number=number,
                period_start=previous.period_end if previous else inspection.feedback_date,
                period_end=today,
                snapshot=snapshot,
                figures=figures,
                on_demand=on_demand,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            record(
                actor,
                "bulletin.generate",
                bulletin,
                after={"number": number, "period_end": today.isoformat()},
            )
    except IntegrityError:  # a concurrent tick made it first
        return Bulletin.objects.get(inspection=inspection, period_end=today), False
    return bulletin, True


def generate_due(today: dt.date) -> int:
    """Generate every scheduled bulletin that is due and missing; return how many."""
    from zhenggai.inspections.models import Inspection

    made = 0
    open_ids = Measure.objects.exclude(status=Measure.Status.CLOSED).values("problem__inspection")
    due = Inspection.objects.active().filter(pk__in=open_ids).select_related("organisation")
    for inspection in due:
        every = policy_of(inspection).bulletin_days
        end = next_period_end(inspection, today, every)
        if (
            end is None
            or Bulletin.objects.filter(inspection=inspection, period_end__gte=end).exists()
        ):
            continue
        # The ledger keeps no past states, so a late tick freezes today's figures.
        _, created = do_generate_bulletin(None, inspection, today)
        made += created
    return made


LIGHT_LABELS = {light.value: light.label for light in Light}
