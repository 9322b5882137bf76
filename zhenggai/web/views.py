"""The home page (我的待办): what waits for the signed-in user, by role, then their
measures most urgent first. The oversight office's home is its overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from zhenggai.access import can_manage, measures_for
from zhenggai.core.search import MAX_QUERY_CHARS, parse_query
from zhenggai.exchange.models import LedgerImport
from zhenggai.ledger.forms import LedgerFilterForm
from zhenggai.ledger.models import Measure, stored_lights_ready
from zhenggai.ledger.queries import list_rows
from zhenggai.lib.htmx import is_htmx, render_htmx
from zhenggai.lib.pages import paginate, paginate_ids, today
from zhenggai.orgs.models import User

from . import search as searching
from . import todo

#: Hits of each kind shown on the grouped results page (the rest one click away, paged).
SEARCH_PREVIEW = 5

RETURNED_SHOWN = 10


@login_required
def home(request):
    user = request.user
    if user.role == User.Role.OVERSIGHT and not user.is_admin_role:
        return redirect("oversight:overview")
    day = today()
    # Once the tick stored today's lights the home orders by them (for a province office,
    # an index walk instead of 750,000 lights computed); the rows shown are lit afresh.
    if stored_lights_ready(day):
        rules, scoped = None, measures_for(user).with_stored_light()
    else:
        rules = todo.rules_for_user(user)
        scoped = measures_for(user).with_light(day, rules)
    form = LedgerFilterForm(request.GET or None, units=None, across_inspections=True)
    del form.fields["unit"]
    qs = form.apply(scoped)
    if not (
        form.is_valid() and (form.cleaned_data.get("status") or form.cleaned_data.get("light"))
    ):
        qs = qs.exclude(status=Measure.Status.CLOSED)
    order = ("light_rank", "judged_deadline", "pk")
    counts = None if is_htmx(request) else todo.light_counts(user, day, rules)
    page, query = paginate_ids(
        request,
        qs.order_by(*order),
        lambda ids: (
            list_rows(Measure.objects.filter(pk__in=ids).with_policy_light(day))
            .select_related("problem__inspection")
            .order_by(*order)
        ),
        count=form.rows_in(counts),
    )
    context = {"form": form, "page": page, "query": query}
    if counts is not None:
        returned = []
        if user.role == User.Role.UNIT:
            returned = list(
                todo.returned_measures(user).select_related("problem")[: RETURNED_SHOWN + 1]
            )
        context["light_counts"] = counts
        context["tiles"] = todo.tiles_for(user, day, counts, returned=len(returned))
        context["returned"] = returned[:RETURNED_SHOWN]
        context["more_returned"] = len(returned) > RETURNED_SHOWN
        if can_manage(user):
            context["imports"] = _staged_imports(user)
    return render_htmx(request, "web/home.html", "web/partials/task_table.html", context)


def _staged_imports(user, shown: int = 5) -> list[tuple[str, str, str]]:
    """(what, file, url) of uploads waiting for confirmation — two queries."""
    from django.urls import reverse

    from zhenggai.access import inspections_for

    ledgers = LedgerImport.objects.filter(
        inspection__in=inspections_for(user), status=LedgerImport.Status.STAGED
    ).order_by("-uploaded_at")[:shown]
    notices = todo.notice_imports_staged(user).order_by("-pk")[:shown]
    return [("台账", i.original_name, i.get_absolute_url()) for i in ledgers] + [
        ("通报", str(n), reverse("inspections:import_preview", args=[n.pk])) for n in notices
    ]


@login_required
def search(request):
    """搜索: problems, measures and opinions the user may open, grouped by kind, or one
    kind paged (``?kind=measure``). A fixed number of queries whatever the rows."""
    query = parse_query(request.GET.get("q"))
    kind = request.GET.get("kind")
    kind = kind if kind in searching.KINDS else None
    sections, page, paged_query = [], None, ""
    if query:
        for key in [kind] if kind else list(searching.KINDS):
            qs = searching.results(key, request.user, query)
            count = searching.capped_count(qs)
            many = count > searching.COUNT_CAP
            if many:
                qs, count = searching.newest_first(qs), searching.COUNT_CAP
            if kind:
                page, paged_query = paginate(request, qs, count)
                rows = page.object_list
            else:
                rows = qs[:SEARCH_PREVIEW] if count else []
            sections.append(
                {
                    "kind": searching.KINDS[key],
                    "count": count,
                    "many": many,
                    "hits": searching.hits(key, rows, query),
                    "more": not kind and count > SEARCH_PREVIEW,
                }
            )
    context = {
        "search": query,
        "kind": kind,
        "sections": sections,
        "page": page,
        "query": paged_query,  # the pager's links keep q and kind
        "max_chars": MAX_QUERY_CHARS,
        "cap": searching.COUNT_CAP,
    }
    return render_htmx(request, "web/search.html", "web/partials/search_results.html", context)
