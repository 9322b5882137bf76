"""Reading the ledger: list rows, derived problem statuses and register totals."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from zhenggai.core.lights import ProblemStatus, problem_status
from zhenggai.inspections.models import public_only

from .models import Accountability, Measure, Recovery, Regulation


def list_rows(qs):
    """Load what a ledger row shows, in a fixed number of queries."""
    return qs.select_related("problem", "lead_unit", "leader").prefetch_related("co_units")


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
    held to account, money recovered (three aggregate queries). ``public`` leaves out
    the entries marked 不宜公开 (the 社会通报's figures)."""

    def scope(qs):
        return public_only(qs) if public else qs

    regs = scope(Regulation.objects.filter(inspection=inspection)).aggregate(
        new=Count("pk", filter=Q(kind=Regulation.Kind.NEW)),
        revised=Count("pk", filter=Q(kind=Regulation.Kind.REVISED)),
    )
    people = scope(Accountability.objects.filter(inspection=inspection))
    people = people.aggregate(n=Sum("count"))["n"]
    money = scope(Recovery.objects.filter(inspection=inspection))
    money = money.aggregate(n=Sum("amount_wan_yuan"))["n"]
    return {
        "regulations_new": regs["new"],
        "regulations_revised": regs["revised"],
        "accountability_people": people or 0,
        "recovered_wan_yuan": money or 0,
    }
