"""Inspections: the list, one inspection's overview, aspects and problems."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from zhenggai.access import (
    get_inspection_for_user,
    get_problem_for_user,
    inspections_for,
    measures_for,
    problems_for,
    require,
)
from zhenggai.audit.integrity import last_failure
from zhenggai.core.lights import Light, ProblemStatus
from zhenggai.ledger.models import Measure, rules_for
from zhenggai.ledger.queries import list_rows, problem_statuses, register_totals
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.htmx import render_htmx
from zhenggai.lib.pages import form_page, paginate, today
from zhenggai.oversight.snapshots import kept_page

from . import actions
from .forms import AspectForm, ProblemForm, WithdrawForm
from .models import Problem
from .queries import aspect_chains, carry_chain


@login_required
def inspection_list(request):
    """One page of the inspections the user may open; the counts are computed for that
    page's inspections only, so the page costs the same for a province as for a town."""
    qs = inspections_for(request.user).select_related("organisation")
    page, query = paginate(request, qs.order_by("-feedback_date", "-pk"))
    ids = [i.pk for i in page.object_list]
    problems = dict(
        Problem.objects.filter(inspection_id__in=ids)
        .values_list("inspection_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    measures = {
        row[0]: row[1:]
        for row in measures_for(request.user)
        .filter(problem__inspection_id__in=ids)
        .values_list("problem__inspection_id")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(status=Measure.Status.CLOSED)))
        .order_by()
    }
    for inspection in page.object_list:
        inspection.problem_count = problems.get(inspection.pk, 0)
        inspection.measure_count, inspection.closed_count = measures.get(inspection.pk, (0, 0))
    return render_htmx(
        request,
        "inspections/list.html",
        "inspections/partials/list_rows.html",
        {"page": page, "query": query},
    )


@login_required
def inspection_detail(request, pk: int):
    """One inspection at a glance: status and light counts, register totals, links. The
    counts are kept until anything in the inspection changes (180 ms at 100,000
    measures)."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    figures = kept_page(
        inspection.pk, request.user, ("detail",), lambda: _detail_figures(request.user, inspection)
    )
    context = {
        "inspection": inspection,
        "can_write": can_write,
        **figures,
        "totals": register_totals(inspection),
        "supervision_counts": supervision_counts(inspection),
        "aspects": inspection.aspects.filter(parent__isnull=True).prefetch_related("children"),
        "history_alert": last_failure(),
    }
    return render(request, "inspections/detail.html", context)


def _detail_figures(user, inspection) -> dict:
    scoped = measures_for(user).filter(problem__inspection=inspection)
    by_status = dict(scoped.values_list("status").annotate(n=Count("pk")).order_by())
    by_rank = dict(
        scoped.with_sorting_light(today(), rules_for(inspection))
        .exclude(status=Measure.Status.CLOSED)
        .values_list("light_rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    visible_problems = problems_for(user).filter(inspection=inspection).values("pk")
    statuses = problem_statuses(visible_problems)
    problem_counts = dict.fromkeys((s.label for s in ProblemStatus), 0)
    for status in statuses.values():
        problem_counts[status.label] += 1
    problem_counts[ProblemStatus.IN_PROGRESS.label] += visible_problems.count() - len(statuses)
    return {
        "by_status": [(s.label, by_status.get(s.value, 0)) for s in Measure.Status],
        "by_light": [(light, by_rank.get(light.rank, 0)) for light in Light if light.is_open],
        "problem_counts": problem_counts,
        "total": sum(by_status.values()),
    }


def supervision_counts(inspection) -> list[tuple[str, int]]:
    """督导、专题会议、督办函、约谈 counted as the notices quote them (one query)."""
    from zhenggai.oversight.models import Supervision

    counts = dict(inspection.supervisions.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(kind.label, counts.get(kind.value, 0)) for kind in Supervision.Kind]


@login_required
def aspect_create(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    form = AspectForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.do_create_aspect(
            request.user, inspection, title=d["title"], label=d["label"], parent=d["parent"]
        )
        messages.success(request, "问题方面已添加。")
        return redirect("inspections:detail", pk=inspection.pk)
    return form_page(request, form, title="新增问题方面", back=inspection.get_absolute_url())


@login_required
def problem_create(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    form = ProblemForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            problem = actions.do_create_problem(request.user, inspection, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_error("carried_from", str(exc))
        else:
            messages.success(request, "反馈问题已登记，请为其制定整改措施。")
            return redirect(problem)
    return form_page(request, form, title="登记反馈问题", back=inspection.get_absolute_url())


@login_required
def problem_edit(request, pk: int):
    problem, can_write = get_problem_for_user(request.user, pk)
    require(can_write)
    form = ProblemForm(request.POST or None, instance=problem, inspection=problem.inspection)
    if request.method == "POST" and form.is_valid():
        fresh = Problem.objects.get(pk=problem.pk)
        try:
            actions.do_update_problem(
                request.user, fresh, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
        except WorkflowError as exc:
            form.add_error("carried_from", str(exc))
        else:
            messages.success(request, "反馈问题已保存。")
            return redirect(problem)
    return form_page(request, form, title="修改反馈问题", back=problem.get_absolute_url())


@login_required
def problem_detail(request, pk: int):
    problem, can_write = get_problem_for_user(request.user, pk)
    measures = list_rows(
        measures_for(request.user)
        .filter(problem=problem)
        .with_light(today(), rules_for(problem.inspection))
    ).order_by("order", "pk")
    context = {
        "problem": problem,
        "can_write": can_write,
        "measures": measures,
        "status": problem_statuses([problem.pk]).get(problem.pk, ProblemStatus.IN_PROGRESS),
        "aspect_chain": aspect_chains(problem.inspection).get(problem.aspect_id, []),
        "chain": carry_chain(problem),
        "carried_into": list(problem.carried_into.select_related("inspection")),
    }
    return render(request, "inspections/problem.html", context)


@login_required
def inspection_withdraw(request, pk: int):
    """Withdraw an inspection entered by mistake: a reason, then the audited action."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_withdraw_inspection(
                request.user, inspection, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已撤回“{inspection.title}”，记录已保留在操作日志中。")
            return redirect("inspections:list")
    return form_page(
        request,
        form,
        title=f"撤回巡察：{inspection.title}",
        back=inspection.get_absolute_url(),
        submit="确认撤回",
        intro="误建或重复导入的巡察可以撤回：撤回后不再出现在巡察列表、统计排名和提醒中，"
        "其问题、措施和操作记录都保留，不会删除。",
    )
