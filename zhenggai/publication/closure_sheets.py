"""Closed measures → the plain data of their 对账销号单 (:mod:`zhenggai.core.closure_sheet`).

Reads any number of measures in a fixed number of queries; the caller passes
a queryset already scoped to what the user may see.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhenggai.core.closure_sheet import ClosureSheet, EvidenceLine
from zhenggai.ledger.models import ClosureRequest, Evidence, Measure


def _day(value):
    return timezone.localdate(value) if value else None


def closure_sheets(measures: QuerySet[Measure]) -> list[ClosureSheet]:
    """One sheet per closed measure of ``measures``, in ledger order."""
    closed = (
        measures.filter(status=Measure.Status.CLOSED)
        .select_related("problem__inspection__organisation", "leader", "lead_unit")
        .prefetch_related(
            Prefetch(
                "closures",
                queryset=ClosureRequest.objects.filter(stage=ClosureRequest.Stage.APPROVED)
                .select_related("submitted_by", "reviewer", "approver")
                .order_by("-decided_at", "-id"),
                to_attr="approved_closures",
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.order_by("uploaded_at", "id"),
                to_attr="sheet_evidence",
            ),
        )
        .order_by("problem__order", "problem_id", "order", "id")
    )
    out = []
    for m in closed:
        c = m.approved_closures[0] if m.approved_closures else None
        problem = m.problem
        position = f"{problem.code}" if problem.code else ""
        out.append(
            ClosureSheet(
                organisation=problem.inspection.organisation.name,
                inspection=problem.inspection.title,
                problem=problem.title,
                measure=m.text,
                number=position,
                leader=m.leader.display_name if m.leader else "",
                unit=m.lead_unit.display_name if m.lead_unit else "",
                deadline=m.deadline,
                closed_on=m.closed_on,
                completion=c.note if c else "",
                evidence=[
                    EvidenceLine(e.original_name, e.sha256, _day(e.uploaded_at))
                    for e in m.sheet_evidence
                ],
                submitted_by=c.submitted_by.display_name if c else "",
                submitted_on=_day(c.submitted_at) if c else None,
                reviewer=c.reviewer.display_name if c and c.reviewer else "",
                reviewed_on=_day(c.reviewed_at) if c else None,
                approver=c.approver.display_name if c and c.approver else "",
                approved_on=(_day(c.decided_at) if c else None) or m.closed_on,
            )
        )
    return out
