"""Reading the ledger: list rows, derived problem statuses and register totals."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, Sum

from zhenggai.core.lights import ProblemStatus, problem_status
from zhenggai.inspections.models import public_only

from .models import Accountability, Measure, Recovery, Regulation


def list_rows(qs):
    """Load what a ledger row shows, in a fixed number of queries; its co-units as the
    list ``co_unit_list`` (prefetched into the related manager instead, Django builds a
    queryset per row: 12 ms for a page of 50)."""
    return qs.select_related("problem", "lead_unit", "leader").prefetch_related(
        Prefetch("co_units", to_attr="co_unit_list")
    )


def problem_statuses(problems) -> dict[int, ProblemStatus]:
    """Derived status of each problem (ids, or a queryset of ids) that has measures,
    from one aggregate query. A problem without measures is 正在推进."""
    rows = (
        Measure.objects.filter(problem_id__in=problems)
        .values("problem_id", "kind")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status=Measure.Status.CLOSED)))
        .order_by()
    )
    pairs: dict[int, list[tuple[bool, bool]]] = {}
    for row in rows:
        long_term = row["kind"] == Measure.Kind.LONG_TERM
        items = pairs.setdefault(row["problem_id"], [])
        items += [(True, long_term)] * row["closed"]
        items += [(False, long_term)] * (row["total"] - row["closed"])
    return {pk: problem_status(items) for pk, items in pairs.items()}


def register_totals(inspection, public: bool = False) -> dict:
    """The figures every notice, page and dashboard quotes: rules made/revised, people
    held to account, money recovered (three aggregate queries), never counting a
    withdrawn entry. ``public`` leaves out
    the entries marked 不宜公开 (the 社会通报's figures)."""
    return register_totals_by([inspection.pk], public=public)[inspection.pk]


def register_totals_by(inspection_ids, public: bool = False) -> dict[int, dict]:
    """:func:`register_totals` of many inspections at once, keyed by inspection id
    (three grouped queries whatever their number; the oversight indicators sum them)."""

    def scope(qs):  # objects: a withdrawn entry counts nowhere
        return public_only(qs) if public else qs

    out = {
        pk: {
            "regulations_new": 0,
            "regulations_revised": 0,
            "accountability_people": 0,
            "recovered_wan_yuan": 0,
        }
        for pk in inspection_ids
    }
    for pk, new, revised in (
        scope(Regulation.objects.filter(inspection_id__in=inspection_ids))
        .values_list("inspection_id")
        .annotate(
            new=Count("pk", filter=Q(kind=Regulation.Kind.NEW)),
            revised=Count("pk", filter=Q(kind=Regulation.Kind.REVISED)),
        )
        .order_by()
    ):
        out[pk]["regulations_new"], out[pk]["regulations_revised"] = new, revised
    for pk, people in (
        scope(Accountability.objects.filter(inspection_id__in=inspection_ids))
        .values_list("inspection_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        out[pk]["accountability_people"] = people or 0
    for pk, money in (
        scope(Recovery.objects.filter(inspection_id__in=inspection_ids))
        .values_list("inspection_id")
        .annotate(n=Sum("amount_wan_yuan"))
        .order_by()
    ):
        out[pk]["recovered_wan_yuan"] = money or 0
    return out
