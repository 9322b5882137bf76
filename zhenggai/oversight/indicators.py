"""The indicator counts of many organisations or inspections, set-based.

:func:`counts_by` issues a fixed number of grouped queries whatever the number of
organisations (one per source table), and honours each organisation's own
escalation policy for the yellow count. The formulas turning counts into rates
live in :mod:`zhenggai.core.indicators`; ``docs/INDICATORS.md`` states them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DurationField, Exists, F, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import TruncMonth

from zhenggai.core.indicators import Counts, Indicators
from zhenggai.core.lights import Light
from zhenggai.inspections.models import Problem
from zhenggai.ledger.models import (
    Evidence,
    Measure,
    ProgressUpdate,
    Recheck,
    rules_by_inspection,
)
from zhenggai.ledger.queries import register_totals_by

from .models import SpotCheckItem

S = Measure.Status
KEYS = {"organisation": "organisation_id", "inspection": "pk"}


def has_evidence():
    return Exists(Evidence.objects.filter(measure=OuterRef("pk")))


def has_progress():
    return Exists(ProgressUpdate.objects.filter(measure=OuterRef("pk")))


def counts_by(inspections, today: dt.date, by: str = "organisation") -> dict[int, Counts]:
    """Counts per inspected organisation (``by="organisation"``) or per inspection.

    ``inspections`` is a list of inspections with their organisation loaded.
    Seven grouped queries and one for the policies, whatever their number.
    """
    inspections = list(inspections)
    if not inspections:
        return {}
    ids = [i.pk for i in inspections]
    group = {i.pk: (i.organisation_id if by == "organisation" else i.pk) for i in inspections}
    out: dict[int, Counts] = defaultdict(Counts)

    def add(inspection_id: int, **values) -> None:
        key = group[inspection_id]
        out[key] = out[key] + Counts(**values)

    for row in _measure_counts(inspections, today):
        add(row.pop("problem__inspection_id"), **row)
    for iid, n in (
        Problem.objects.filter(inspection_id__in=ids)
        .values_list("inspection_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(iid, problems=n)
    for iid, done, relapsed in (
        Recheck.objects.filter(measure__problem__inspection_id__in=ids, spot_item__isnull=True)
        .values_list("measure__problem__inspection_id")
        .annotate(
            done=Count(
                "pk",
                filter=Q(result__in=[Recheck.Result.CONSOLIDATED, Recheck.Result.RELAPSED]),
            ),
            relapsed=Count("pk", filter=Q(result=Recheck.Result.RELAPSED)),
        )
        .order_by()
    ):
        add(iid, rechecks_done=done, relapsed=relapsed)
    R = SpotCheckItem.Result
    for iid, checked, failed in (
        SpotCheckItem.objects.filter(spot_check__inspection_id__in=ids)
        .values_list("spot_check__inspection_id")
        .annotate(
            checked=Count("pk", filter=Q(result__in=[R.PASSED, R.FAILED])),
            failed=Count("pk", filter=Q(result=R.FAILED)),
        )
        .order_by()
    ):
        add(iid, spot_checked=checked, spot_failed=failed)
    for iid, totals in register_totals_by(ids).items():
        add(
            iid,
            regulations=totals["regulations_new"] + totals["regulations_revised"],
            accountability=totals["accountability_people"],
            recovered=Decimal(totals["recovered_wan_yuan"]),
        )
    return dict(out)


def indicators_by(inspections, today: dt.date, by: str = "organisation") -> dict[int, Indicators]:
    """:func:`counts_by` turned into :class:`Indicators`."""
    return {k: Indicators(c) for k, c in counts_by(inspections, today, by).items()}


def _measure_counts(inspections, today: dt.date):
    """Measure counts per inspection, the lights by each organisation's own policy."""
    red = Q(light=Light.RED.value) & ~Q(status=S.CLOSED)
    rows = (
        Measure.objects.filter(problem__inspection_id__in=[i.pk for i in inspections])
        .with_light(today, rules_by_inspection(inspections))
        .annotate(evidenced=has_evidence(), late=Value(today) - F("judged_deadline"))
        .values("problem__inspection_id")
        .annotate(
            measures=Count("pk"),
            due=Count("pk", filter=Q(deadline__lte=today) | Q(status=S.CLOSED)),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            closed_with_deadline=Count("pk", filter=Q(status=S.CLOSED, deadline__isnull=False)),
            closed_on_time=Count("pk", filter=Q(status=S.CLOSED, closed_on__lte=F("deadline"))),
            overdue=Count("pk", filter=red),
            overdue_days=Sum("late", filter=red, output_field=DurationField()),
            max_overdue_days=Max("late", filter=red, output_field=DurationField()),
            yellow=Count("pk", filter=Q(light=Light.YELLOW.value) & ~Q(status=S.CLOSED)),
            unassigned=Count("pk", filter=Q(light=Light.UNASSIGNED.value)),
            closed_with_evidence=Count("pk", filter=Q(status=S.CLOSED, evidenced=True)),
        )
        .order_by()
    )
    for row in rows:
        row["overdue_days"] = _days(row["overdue_days"])
        row["max_overdue_days"] = _days(row["max_overdue_days"])
        yield row


def _days(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return value.days
    return int(value)


def monthly_closures(
    inspections, months: int, today: dt.date, totals: dict[int, int], by: str = "organisation"
):
    """Cumulative completion (% of the group's ``totals`` measures) at each of the last
    ``months`` month ends, per group — the overview's sparklines (one grouped query)."""
    inspections = list(inspections)
    ids = [i.pk for i in inspections]
    group = {i.pk: (i.organisation_id if by == "organisation" else i.pk) for i in inspections}
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    starts = []
    d = first
    while d <= today:
        starts.append(d)
        d = (d + dt.timedelta(days=32)).replace(day=1)
    before: dict[int, int] = defaultdict(int)
    per_month: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for iid, month, n in (
        Measure.objects.filter(
            problem__inspection_id__in=ids, status=S.CLOSED, closed_on__isnull=False
        )
        .annotate(month=TruncMonth("closed_on"))
        .values_list("problem__inspection_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month = month.date() if isinstance(month, dt.datetime) else month
        if month < first:
            before[group[iid]] += n
        else:
            per_month[group[iid]][month] += n
    series = {}
    for key, total in totals.items():
        done, points = before[key], []
        for m in starts:
            done += per_month[key].get(m, 0)
            points.append(round(100 * done / total, 1) if total else 0.0)
        series[key] = points
    return series
