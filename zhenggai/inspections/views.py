"""The list of inspections the user may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from zhenggai.access import inspections_for, measures_for
from zhenggai.ledger.models import Measure


@login_required
def inspection_list(request):
    visible = measures_for(request.user)
    inspections = (
        inspections_for(request.user)
        .select_related("organisation")
        .annotate(
            problem_count=Count("problems", distinct=True),
            measure_count=Count(
                "problems__measures",
                filter=Q(problems__measures__in=visible),
                distinct=True,
            ),
            closed_count=Count(
                "problems__measures",
                filter=Q(problems__measures__in=visible)
                & Q(problems__measures__status=Measure.Status.CLOSED),
                distinct=True,
            ),
        )
        .order_by("-feedback_date", "-pk")
    )
    return render(request, "inspections/list.html", {"inspections": inspections})
