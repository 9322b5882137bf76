"""The indicator counts of many organisations or inspections, set-based.

:func:`counts_by` issues a fixed number of grouped queries whatever the number of
organisations (one per source table), and honours each organisation's own
escalation policy for the yellow count. The formulas turning counts into rates
live in :mod:`zhenggai.core.indicators`; ``docs/INDICATORS.md`` states them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, Max, OuterRef, Q, Sum, Value

from zhenggai.core.indicators import Counts, Indicators
from zhenggai.core.lights import Light
from zhenggai.inspections.models import Inspection, Problem, public_only
from zhenggai.ledger.models import (
    Evidence,
    Measure,
    ProgressUpdate,
    Recheck,
    rules_by_inspection,
)
from zhenggai.ledger.queries import register_totals_by

from . import snapshots
from .models import SpotCheckItem

S = Measure.Status
KEYS = {"organisation": "organisation_id", "inspection": "pk"}


class DaysLate(Func):
    """``today − date`` in whole days, computed by the database itself: PostgreSQL
    subtracts dates, SQLite subtracts ``julianday()`` values. (Django's portable date
    subtraction calls a Python function per row on SQLite — most of the overview's time.)"""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, today: dt.date, date):
        super().__init__(Value(today), date)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def has_evidence():
    return Exists(Evidence.objects.filter(measure=OuterRef("pk")))


def has_progress():
    return Exists(ProgressUpdate.objects.filter(measure=OuterRef("pk")))


def counts_by(
    inspections, today: dt.date, by: str = "organisation", public: bool = False
) -> dict[int, Counts]:
    """Counts per inspected organisation (``by="organisation"``) or per inspection.

    ``inspections`` is a list of inspections with their organisation loaded. Each
    inspection's counts of the day are kept (:mod:`.snapshots`): three queries while
    they are fresh, :func:`_count`'s fixed number for the stale ones. ``public`` leaves
    out what is marked 不宜公开 (the 社会通报's figures), always counted afresh.
    """

    def scope(qs, measure: str = ""):
        if not public:
            return qs
        if not measure:
            return public_only(qs)
        return qs.filter(**{f"{measure}__in": public_only(Measure.objects.all())})

    inspections = list(inspections)
    if not inspections:
        return {}
    if public:
        return _count(inspections, today, by, scope, public=True)
    per_inspection = kept_counts([i.pk for i in inspections], today)
    out: dict[int, Counts] = defaultdict(Counts)
    for i in inspections:
        out[i.organisation_id if by == "organisation" else i.pk].add(**vars(per_inspection[i.pk]))
    return dict(out)


def _counter(today: dt.date):
    """The computation of the kept ``counts`` figures of inspections by id."""

    def compute(missing: list[int]) -> dict[int, dict]:
        inspections = Inspection.objects.filter(pk__in=missing).select_related("organisation")
        counts = _count(list(inspections), today, "inspection", lambda qs, *a: qs, public=False)
        return {i: _encode(counts.get(i, Counts())) for i in missing}

    return compute


def kept_counts(ids, today: dt.date) -> dict[int, Counts]:
    """Each inspection's counts of the day by id: kept while nothing in it changed
    (:mod:`.snapshots`, one query), else counted by :func:`_count` and kept."""
    kept = snapshots.cached("counts", ids, today, _counter(today))
    return {i: _decode(data) for i, data in kept.items()}


#: How each count adds up across inspections (the longest overdue is the larger one).
COUNT_SPEC: snapshots.Spec = {
    name: ("max" if name == "max_overdue_days" else "sum", Decimal if name == "recovered" else int)
    for name in Counts.__dataclass_fields__
}


LIGHT_KEYS = ["measures", "closed", "overdue", "yellow", "unassigned"]


def by_light(n: Mapping[str, int]) -> dict[str, int]:
    """Measures per state (红、黄、待交办、绿、已销号) from the counts of :data:`LIGHT_KEYS`."""
    return {
        Light.RED.value: n["overdue"],
        Light.YELLOW.value: n["yellow"],
        Light.UNASSIGNED.value: n["unassigned"],
        Light.GREEN.value: n["measures"]
        - n["closed"]
        - n["overdue"]
        - n["yellow"]
        - n["unassigned"],
        Light.CLOSED.value: n["closed"],
    }


def summed_counts(inspections, today: dt.date, keys) -> dict[str, int]:
    """Σ of the count fields ``keys`` over ``inspections`` (a queryset), added up by the
    database from the day's kept counts — a province office's home reads no row of its
    10,000 inspections' figures into Python."""
    spec = {key: COUNT_SPEC[key] for key in keys}
    (row,) = snapshots.totals("counts", inspections, today, spec, _counter(today))
    return {key: row[key] or 0 for key in keys}


def counts_per(inspections, today: dt.date, by: str = "organisation_id") -> dict[int, Counts]:
    """:class:`Counts` per value of the inspection field ``by`` over ``inspections`` (a
    queryset), added up by the database from the day's kept counts (:func:`summed_counts`
    grouped): the overview's 5,000 organisations in one grouped query."""
    rows = snapshots.totals("counts", inspections, today, COUNT_SPEC, _counter(today), by=by)
    return {
        row["by"]: Counts(**{k: _as(kind, row[k]) for k, (_op, kind) in COUNT_SPEC.items()})
        for row in rows
    }


def _as(kind: type, value) -> int | Decimal:
    """A summed count as ``kind``: None is 0, a float SQLite gave for a Decimal is read
    back through its text (3.5, not 3.4999…)."""
    if value is None:
        return kind(0)
    return Decimal(str(value)) if kind is Decimal else int(value)


def _encode(counts: Counts) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in vars(counts).items()}


def _decode(data: dict) -> Counts:
    return Counts(**{k: _as(COUNT_SPEC[k][1], v) for k, v in data.items()})


def _count(inspections, today: dt.date, by: str, scope, public: bool) -> dict[int, Counts]:
    """:func:`counts_by` from the tables: seven grouped queries and one for the policies,
    whatever the number of inspections."""
    ids = [i.pk for i in inspections]
    group = {i.pk: (i.organisation_id if by == "organisation" else i.pk) for i in inspections}
    out: dict[int, Counts] = defaultdict(Counts)

    def add(inspection_id: int, **values) -> None:
        out[group[inspection_id]].add(**values)

    for iid, values in _measure_counts(inspections, today, scope):
        add(iid, **values)
    for iid, n in (
        scope(Problem.objects.filter(inspection_id__in=ids))
        .values_list("inspection_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(iid, problems=n)
    for iid, done, relapsed in (
        scope(
            Recheck.objects.filter(measure__problem__inspection_id__in=ids, spot_item__isnull=True),
            "measure",
        )
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
        scope(SpotCheckItem.objects.filter(spot_check__inspection_id__in=ids), "measure")
        .values_list("spot_check__inspection_id")
        .annotate(
            checked=Count("pk", filter=Q(result__in=[R.PASSED, R.FAILED])),
            failed=Count("pk", filter=Q(result=R.FAILED)),
        )
        .order_by()
    ):
        add(iid, spot_checked=checked, spot_failed=failed)
    for iid, totals in register_totals_by(ids, public=public).items():
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


def inspection_indicators(inspection, today: dt.date, public: bool = False) -> Indicators:
    """The indicators of one inspection — what the overview counts for it, stated on its
    dashboard, bulletins, notices, report and ledger export (one computation for all)."""
    counts = counts_by([inspection], today, "inspection", public=public)
    return Indicators(counts.get(inspection.pk) or Counts())


def _measure_counts(inspections, today: dt.date, scope=lambda qs: qs):
    """Measure counts per inspection, the lights by each organisation's own policy.

    Grouped by inspection *and light*, so the database works out each measure's light
    once (not once per count that depends on it), or reads the light the tick and every
    action stored; the rows are folded per inspection."""
    rows = (
        scope(Measure.objects.filter(problem__inspection_id__in=[i.pk for i in inspections]))
        .with_sorting_light(today, rules_by_inspection(inspections))
        .annotate(evidenced=has_evidence(), late=DaysLate(today, "judged_deadline"))
        .values_list("problem__inspection_id", "light_rank")
        .annotate(
            n=Count("pk"),
            due=Count("pk", filter=Q(deadline__lte=today)),
            with_deadline=Count("pk", filter=Q(deadline__isnull=False)),
            on_time=Count("pk", filter=Q(closed_on__lte=F("deadline"))),
            evidenced_n=Count("pk", filter=Q(evidenced=True)),
            late_days=Sum("late"),
            most_late=Max("late"),
        )
        .order_by()
    )
    for iid, rank, n, due, with_deadline, on_time, evidenced, late, most in rows:
        counts: dict[str, int] = {"measures": n, "due": due}
        light = Light.of_rank(rank).value  # grouped by the rank, a number, not a CASE
        if light == Light.CLOSED.value:  # a closed measure counts as due
            counts |= dict(
                due=n,
                closed=n,
                closed_with_deadline=with_deadline,
                closed_on_time=on_time,
                closed_with_evidence=evidenced,
            )
        elif light == Light.RED.value:
            counts |= dict(overdue=n, overdue_days=_days(late), max_overdue_days=_days(most))
        elif light == Light.YELLOW.value:
            counts["yellow"] = n
        elif light == Light.UNASSIGNED.value:
            counts["unassigned"] = n
        yield iid, counts


def _days(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return value.days
    return int(value)


def _month_ends(today: dt.date, months: int) -> list[dt.date]:
    """The first day after each of the last ``months`` months (this one included)."""
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    ends = []
    d = first
    while d <= today:
        d = (d + dt.timedelta(days=32)).replace(day=1)
        ends.append(d)
    return ends


def _closures_counter(today: dt.date, months: int):
    """The month ends, and the computation of the kept ``closures`` figures by id."""
    ends = _month_ends(today, months)

    def compute(ids: list[int]) -> dict[int, list[int]]:
        out = {i: [0] * len(ends) for i in ids}
        for iid, *counts in (
            Measure.objects.filter(problem__inspection_id__in=ids, status=S.CLOSED)
            .values_list("problem__inspection_id")
            .annotate(
                **{f"by{k}": Count("pk", filter=Q(closed_on__lt=end)) for k, end in enumerate(ends)}
            )
            .order_by()
        ):
            out[iid] = counts
        return out

    return ends, compute


def overview_stamp(inspections, today: dt.date, months: int) -> tuple:
    """Make the counts and closures kept for ``inspections`` (a queryset) and return the
    stamp of them all (:func:`.snapshots.stamp`): the overview's rows stand while it does."""
    snapshots.ensure("counts", inspections, today, _counter(today))
    kind = f"closures{months}"
    snapshots.ensure(kind, inspections, today, _closures_counter(today, months)[1])
    return snapshots.stamp(["counts", kind], inspections, today)


def monthly_closures(
    inspections, months: int, today: dt.date, totals: dict[int, int], by: str = "organisation_id"
):
    """Cumulative completion (% of the group's ``totals`` measures) at each of the last
    ``months`` month ends, per value of the inspection field ``by`` over ``inspections``
    (a queryset) — the overview's sparklines.

    Each inspection's closures by month end are kept for the day (:mod:`.snapshots`) and
    added up per group by the database; the stale ones are counted in one grouped query
    of plain date comparisons, one count per month end (no date function per row: SQLite
    would call Python for each closed measure)."""
    ends, compute = _closures_counter(today, months)
    spec: snapshots.Spec = {str(k): ("sum", int) for k in range(len(ends))}
    done = {
        row["by"]: [row[str(k)] or 0 for k in range(len(ends))]
        for row in snapshots.totals(f"closures{months}", inspections, today, spec, compute, by)
    }
    return {
        key: [round(100 * n / total, 1) if total else 0.0 for n in done.get(key, [0] * len(ends))]
        for key, total in totals.items()
    }
