"""Recurrence across rounds: a problem like one an earlier round found in the same
organisation, and the unfinished problems of earlier rounds to carry over."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from zhenggai.core.lights import ProblemStatus
from zhenggai.core.similarity import matches
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.ledger.queries import problem_statuses

from .clusters import load, text_of, threshold


@dataclass
class Recurrence:
    problem: Problem
    earlier: Problem
    status: ProblemStatus
    score: float
    words: tuple[str, ...]

    @property
    def linked(self) -> bool:
        return self.problem.carried_from_id == self.earlier.pk


def earlier_inspections(inspection) -> list[Inspection]:
    """The same organisation's earlier rounds (by feedback date, then id)."""
    qs = Inspection.objects.filter(organisation_id=inspection.organisation_id).exclude(
        pk=inspection.pk
    )
    if inspection.feedback_date:
        qs = qs.filter(
            Q(feedback_date__lt=inspection.feedback_date)
            | Q(feedback_date=inspection.feedback_date, pk__lt=inspection.pk)
            | Q(feedback_date__isnull=True)
        )
    else:
        qs = qs.filter(pk__lt=inspection.pk)
    return list(qs.order_by("-feedback_date", "-pk"))


def recurrences(inspection) -> list[Recurrence]:
    """Problems of ``inspection`` similar to an earlier round's problem of the same
    organisation, each with the earlier problem's status."""
    earlier = earlier_inspections(inspection)
    if not earlier:
        return []
    items = load(Problem.objects.filter(inspection__in=[inspection, *earlier]))
    current = [p.inspection_id == inspection.pk for p in items]
    found = matches([text_of(p) for p in items], threshold(), lambda a, b: current[a] != current[b])
    statuses = problem_statuses([p.pk for p in items if p.inspection_id != inspection.pk])
    out = []
    for m in found:
        new, old = (items[m.a], items[m.b]) if current[m.a] else (items[m.b], items[m.a])
        status = statuses.get(old.pk, ProblemStatus.IN_PROGRESS)
        out.append(Recurrence(new, old, status, m.score, m.words))
    out.sort(key=lambda r: (r.problem.order, r.problem.pk, -r.score))
    return out


def unfinished_problems(earlier, *, exclude_carried_into=None):
    """Problems of ``earlier`` with an open measure or none yet, not already carried
    into ``exclude_carried_into``."""
    qs = (
        Problem.objects.filter(inspection=earlier)
        .annotate(
            n=Count("measures"),
            open=Count("measures", filter=~Q(measures__status=Measure.Status.CLOSED)),
        )
        .filter(Q(n=0) | Q(open__gt=0))
    )
    if exclude_carried_into is not None:
        qs = qs.exclude(carried_into__inspection=exclude_carried_into)
    return qs.order_by("order", "pk")
