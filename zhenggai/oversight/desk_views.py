"""The 巡察办's desk: the overview at city scale and the organisation page."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhenggai.access import inspections_for, problems_for
from zhenggai.core.indicators import COLUMNS, STATUS_LABELS
from zhenggai.core.sheet import write_table
from zhenggai.inspections.models import Problem
from zhenggai.ledger.actions import WorkflowError, do_update_problem
from zhenggai.ledger.views import today
from zhenggai.lib.htmx import render_htmx
from zhenggai.orgs.models import Organisation, User

from . import clusters
from . import overview as ov
from . import quality as quality_rules
from .access import can_see_boards, get_board_for_user
from .desk_actions import (
    do_carry_over_unfinished,
    do_draw_spot_check,
    do_explain_finding,
    do_issue_self_checks,
    do_record_spot_result,
)
from .desk_forms import CarryOverForm, DrawForm, ExplainForm, SelfCheckForm, SpotResultForm
from .indicators import indicators_by
from .models import SpotCheck, SpotCheckItem
from .recurrence import earlier_inspections, recurrences, unfinished_problems

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _boards_only(user):
    if not can_see_boards(user):
        raise PermissionDenied("督导总览仅向整改办、巡察办开放。")


@login_required
def overview(request):
    """All inspected organisations under the user's subtree, filtered, sorted and paged."""
    _boards_only(request.user)
    scope = inspections_for(request.user)
    form = ov.OverviewFilter(request.GET or None, inspections=scope)
    data = form.cleaned_data if form.is_valid() else {}
    rows = ov.overview_rows(scope, data, today())
    if request.GET.get("format") == "xlsx":
        header, body = ov.export_rows(rows)
        out = io.BytesIO()
        write_table(header, body, out, title="督导总览")
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = (
            "attachment; filename=\"overview.xlsx\"; filename*=UTF-8''" + quote("督导总览.xlsx")
        )
        return response
    page = Paginator(rows, ov.PAGE_SIZE).get_page(data.get("page"))
    params = {k: v for k, v in request.GET.items() if k not in ("page",) and v}
    sort, desc = ov.sort_of(data)
    base = {k: v for k, v in params.items() if k not in ("sort", "desc")}
    headers = [
        {
            "key": key,
            "label": label,
            "url": "?"
            + urlencode(
                {**base, "sort": key, **({"desc": "1"} if key != sort or not desc else {})}
            ),
            "on": key == sort,
            "desc": desc,
        }
        for key, label in [("name", "被巡察党组织"), ("inspections", "巡察数"), *COLUMNS]
    ]
    context = {
        "form": form,
        "page": page,
        "offset": page.start_index() - 1 if rows else 0,
        "headers": headers,
        "query": urlencode(params),
        "charts": ov.top_bottom(rows),
        "total": len(rows),
        "status_labels": STATUS_LABELS,
    }
    return render_htmx(
        request,
        "oversight/desk/overview.html",
        "oversight/desk/partials/overview_table.html",
        context,
    )


@login_required
def organisation(request, pk: int):
    """One organisation's inspections with their indicators: overview → here → ledger."""
    _boards_only(request.user)
    inspections = list(
        inspections_for(request.user)
        .filter(organisation_id=pk)
        .select_related("organisation")
        .order_by("-feedback_date", "-pk")
    )
    if not inspections:
        raise Http404("没有找到该组织的巡察整改，或您无权查看。")
    found = indicators_by(inspections, today(), by="inspection")
    rows = [(i, found.get(i.pk)) for i in inspections]
    return render(
        request,
        "oversight/desk/organisation.html",
        {"organisation": inspections[0].organisation, "rows": rows, "columns": COLUMNS},
    )


# ------------------------------------------------------------------ quality checks


@login_required
def quality(request, pk: int):
    """整改质量检查: every finding of every rule, open ones first."""
    inspection, can_write = get_board_for_user(request.user, pk)
    found = quality_rules.findings(inspection, today())
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("只有整改办可以说明检查发现的问题。")
        form = ExplainForm(request.POST)
        if form.is_valid():
            try:
                do_explain_finding(request.user, inspection, **form.cleaned_data)
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "说明已记录。")
            return redirect("oversight:quality", pk=inspection.pk)
    counts = {rule: 0 for rule in quality_rules.RULES}
    for f in found:
        if not f.explanation:
            counts[f.rule] += 1
    return render(
        request,
        "oversight/desk/quality.html",
        {
            "inspection": inspection,
            "can_write": can_write,
            "open": [f for f in found if not f.explanation],
            "explained": [f for f in found if f.explanation],
            "rules": [
                (k, label, text, counts[k]) for k, (label, text) in quality_rules.RULES.items()
            ],
        },
    )


# ------------------------------------------------------------------ spot checks


@login_required
def spot_checks(request, pk: int):
    """抽查复核 of one inspection: past draws and a new draw."""
    inspection, _ = get_board_for_user(request.user, pk)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = do_draw_spot_check(
                request.user, inspection, requested=form.cleaned_data["requested"]
            )
        except WorkflowError as exc:
            form.add_error("requested", str(exc))
        else:
            messages.success(request, f"已随机抽取 {len(check.sample)} 项已销号措施。")
            return redirect(check)
    draws = (
        SpotCheck.objects.filter(inspection=inspection)
        .select_related("drawn_by")
        .annotate(
            n=Count("items"),
            failed=Count("items", filter=Q(items__result=SpotCheckItem.Result.FAILED)),
            pending=Count("items", filter=Q(items__result=SpotCheckItem.Result.PENDING)),
        )
    )
    return render(
        request,
        "oversight/desk/spot_checks.html",
        {"inspection": inspection, "form": form, "draws": draws},
    )


def _get_spot_check_for_user(user, pk: int) -> SpotCheck:
    check = (
        SpotCheck.objects.filter(inspection__in=inspections_for(user))
        .select_related("inspection__organisation", "drawn_by")
        .filter(pk=pk)
        .first()
    )
    if check is None:
        raise Http404("没有找到该抽查，或您无权查看。")
    _boards_only(user)
    return check


@login_required
def spot_check(request, pk: int):
    """One draw: how it was made (seed, population) and each item's check."""
    check = _get_spot_check_for_user(request.user, pk)
    items = check.items.select_related("measure__problem", "measure__lead_unit", "checked_by")
    return render(
        request,
        "oversight/desk/spot_check.html",
        {
            "check": check,
            "inspection": check.inspection,
            "items": items,
            "form": SpotResultForm(),
            "reproduce": f"random.Random('{check.seed}').sample(population, {len(check.sample)})",
        },
    )


@login_required
@require_POST
def spot_result(request, pk: int):
    item = (
        SpotCheckItem.objects.filter(spot_check__inspection__in=inspections_for(request.user))
        .select_related("spot_check", "measure")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("没有找到该抽查事项。")
    _boards_only(request.user)
    form = SpotResultForm(request.POST)
    if form.is_valid():
        try:
            do_record_spot_result(request.user, item, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            failed = form.cleaned_data["result"] == SpotCheckItem.Result.FAILED
            messages.success(
                request,
                "已记录：核查不实，措施已重新打开整改。" if failed else "已记录：核查属实。",
            )
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(item.spot_check)


# ------------------------------------------------------------------ 举一反三


def _oversight_only(user):
    if not (user.is_admin_role or user.role == User.Role.OVERSIGHT):
        raise PermissionDenied("举一反三自查由巡察办交办。")


@login_required
def common_problems(request):
    """Clusters of similar problems across organisations (and rounds)."""
    _boards_only(request.user)
    found = clusters.common_problems(problems_for(request.user))
    return render(
        request,
        "oversight/desk/clusters.html",
        {
            "clusters": found,
            "threshold": clusters.threshold(),
            "can_issue": request.user.is_admin_role or request.user.role == User.Role.OVERSIGHT,
        },
    )


@login_required
def self_check_issue(request):
    """Issue 举一反三 self-checks from a cluster to chosen organisations."""
    _oversight_only(request.user)
    raw = request.POST.get("problems") or request.GET.get("problems", "")
    ids = [int(x) for x in raw.split(",") if x.strip().isdigit()]
    sources = clusters.load(problems_for(request.user).filter(pk__in=ids))
    if not sources:
        raise Http404("没有找到这些问题。")
    in_cluster = {p.inspection.organisation_id for p in sources}
    scope = Organisation.objects.filter(
        pk__in=inspections_for(request.user).values("organisation_id")
    ).order_by("path")
    words = "、".join(clusters.cluster_words(sources))
    form = SelfCheckForm(
        request.POST or None,
        organisations=scope,
        initial={
            "title": f"举一反三：对照“{sources[0].title[:40]}”等类似问题开展自查",
            "measure_text": "对照类似问题逐项开展自查自纠，形成自查报告，"
            "发现问题的建立台账、明确责任人和整改时限。",
            "deadline": today() + dt.timedelta(days=30),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tasks = do_issue_self_checks(
                request.user,
                list(d["organisations"]),
                sources=sources,
                title=d["title"],
                measure_text=d["measure_text"],
                deadline=d["deadline"],
                words=words,
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已向 {len(tasks)} 个组织交办举一反三自查。")
            return redirect("oversight:common_problems")
    return render(
        request,
        "oversight/desk/self_check_form.html",
        {
            "form": form,
            "sources": sources,
            "ids": ",".join(str(p.pk) for p in sources),
            "in_cluster": in_cluster,
            "words": words,
        },
    )


# ------------------------------------------------------------------ recurrence


@login_required
def recurrence(request, pk: int):
    """Problems like earlier rounds' problems of the same organisation; carry-over."""
    inspection, can_write = get_board_for_user(request.user, pk)
    earlier = earlier_inspections(inspection)
    carry = [(e, unfinished_problems(e, exclude_carried_into=inspection).count()) for e in earlier]
    return render(
        request,
        "oversight/desk/recurrence.html",
        {
            "inspection": inspection,
            "can_write": can_write,
            "found": recurrences(inspection),
            "carry": carry,
        },
    )


@login_required
@require_POST
def recurrence_link(request, pk: int):
    """Link one problem to the earlier problem it repeats (承接)."""
    inspection, can_write = get_board_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以承接前轮问题。")
    problem = get_object_or_404(Problem, pk=request.POST.get("problem"), inspection=inspection)
    earlier = get_object_or_404(
        Problem,
        pk=request.POST.get("earlier"),
        inspection__in=[e.pk for e in earlier_inspections(inspection)],
    )
    try:
        do_update_problem(request.user, problem, carried_from=earlier)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已承接前轮问题。")
    return redirect("oversight:recurrence", pk=inspection.pk)


@login_required
@require_POST
def carry_over_all(request, pk: int):
    """Carry every unfinished problem of one earlier round over, the count confirmed."""
    inspection, can_write = get_board_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以承接前轮问题。")
    form = CarryOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请勾选确认后再承接。")
        return redirect("oversight:recurrence", pk=inspection.pk)
    earlier = next(
        (e for e in earlier_inspections(inspection) if e.pk == form.cleaned_data["earlier"]), None
    )
    if earlier is None:
        raise Http404("没有找到该前轮巡察。")
    try:
        made = do_carry_over_unfinished(
            request.user, inspection, earlier, expected=form.cleaned_data["expected"]
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已承接{earlier.title}的 {len(made)} 个未完成问题。")
    return redirect("oversight:recurrence", pk=inspection.pk)
