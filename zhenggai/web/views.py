"""The home page: the signed-in user's own measures (我的任务), most urgent first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count

from zhenggai.access import measures_for
from zhenggai.core.lights import Light
from zhenggai.ledger.forms import LedgerFilterForm
from zhenggai.ledger.models import Measure
from zhenggai.ledger.queries import list_rows
from zhenggai.lib.htmx import render_htmx
from zhenggai.lib.pages import paginate, today


@login_required
def home(request):
    scoped = measures_for(request.user).with_policy_light(today())
    counts = {
        row["light"]: row["n"]
        for row in scoped.exclude(status=Measure.Status.CLOSED)
        .values("light")
        .annotate(n=Count("pk"))
        .order_by()
    }
    form = LedgerFilterForm(request.GET or None, units=None)
    del form.fields["unit"]
    qs = form.apply(scoped)
    if not (form.is_valid() and form.cleaned_data.get("status")):
        qs = qs.exclude(status=Measure.Status.CLOSED)
    qs = (
        list_rows(qs)
        .select_related("problem__inspection")
        .order_by("light_rank", "judged_deadline", "pk")
    )
    page, query = paginate(request, qs)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "light_counts": [(light, counts.get(light.value, 0)) for light in Light],
    }
    return render_htmx(request, "web/home.html", "web/partials/task_table.html", context)
