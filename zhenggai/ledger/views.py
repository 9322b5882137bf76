"""Ledger pages: the ledger, a measure and its workflow steps, the three lists,
registers, look-backs and carry-over. Views validate with a form and call an action."""

from __future__ import annotations

import copy
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from zhenggai import access
from zhenggai.access import (
    get_inspection_for_user,
    get_measure_for_user,
    measures_for,
    problems_for,
    require,
)
from zhenggai.audit.integrity import last_failure
from zhenggai.audit.models import AuditEvent
from zhenggai.core.lights import Light, ProblemStatus
from zhenggai.core.workdays import BASE_HELP
from zhenggai.inspections.queries import aspect_chains, carry_chain
from zhenggai.lib.htmx import is_htmx
from zhenggai.lib.pages import form_page, paginate, paginate_ids, today, workflow_step
from zhenggai.lib.pickers import picker_json
from zhenggai.lib.withdrawal import WithdrawForm
from zhenggai.oversight.snapshots import kept_page

from . import actions
from .decide import PREVIEWABLE, decision_context, mark_reuse
from .forms import (
    AccountabilityForm,
    ApproveForm,
    BulkAssignForm,
    ClosureRequestForm,
    LedgerFilterForm,
    MeasureForm,
    MilestoneForm,
    ProgressForm,
    RecheckForm,
    RecoveryForm,
    RegulationForm,
    ReviewForm,
    WithdrawEntryForm,
    lead_units_of,
    leaders_under,
    units_under,
    uploads_of,
)
from .history import described
from .models import Measure, Recheck, rules_for
from .queries import list_rows, problem_statuses, register_totals

S = Measure.Status


@login_required
def ledger(request, pk: int):
    """问题清单 of one inspection: problems under their aspects, each with its measures.
    All but the user's own bits (the top bar, the CSRF token, messages) is kept as HTML
    until anything in the inspection changes."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    head, rows = kept_page(
        inspection.pk,
        request.user,
        ("ledger", sorted(request.GET.lists())),
        lambda: _ledger_parts(request, inspection, can_write),
    )
    if is_htmx(request):
        return HttpResponse(rows)
    context = {"inspection": inspection, "can_write": can_write, "head": head, "rows": rows}
    if can_write:
        context["working_days_help"] = BASE_HELP
    return render(request, "ledger/ledger.html", context)


def _ledger_parts(request, inspection, can_write: bool) -> tuple[str, str]:
    """The ledger's head (tabs, title, exports, the filter form), and its table and pager
    for the requested filters and page, as HTML."""
    scoped = measures_for(request.user).filter(problem__inspection=inspection)
    form = LedgerFilterForm(
        request.GET or None,
        units=lead_units_of(scoped),
        units_url=reverse("ledger:pick_units", args=[inspection.pk]),
    )
    day, rules = today(), rules_for(inspection)
    # Filtered and counted by the lights the tick stored today when it has (an index
    # column instead of a light computed for each of 100,000 measures); the rows shown
    # are lit afresh, as on the home.
    lit = scoped.with_sorting_light(day, rules)
    order = ("problem__order", "problem_id", "order", "pk")
    page, query = paginate_ids(
        request,
        form.apply(lit).order_by(*order),
        lambda ids: list_rows(Measure.objects.filter(pk__in=ids).with_light(day, rules)).order_by(
            *order
        ),
    )
    chains = aspect_chains(inspection)
    statuses = problem_statuses({m.problem_id for m in page.object_list})
    for measure in page.object_list:
        measure.problem.aspect_chain = chains.get(measure.problem.aspect_id, [])
        measure.problem.status = statuses.get(measure.problem_id, ProblemStatus.IN_PROGRESS)
    context = {"inspection": inspection, "can_write": can_write, "form": form}
    head = render_to_string("ledger/partials/ledger_head.html", context, request)
    context.update(page=page, query=query)
    return head, render_to_string("ledger/partials/ledger_table.html", context, request)


@login_required
def measure_detail(request, pk: int):
    measure, perms = get_measure_for_user(request.user, pk)
    problem = measure.problem
    evidence = list(measure.evidence.select_related("uploaded_by"))
    if perms.review:
        # The same file offered as proof for another measure is flagged to the reviewer.
        mark_reuse(measure, evidence)
    closures = list(measure.closures.select_related("submitted_by", "reviewer", "approver"))
    open_closure = next(
        (c for c in closures if c.stage in (c.Stage.PENDING_REVIEW, c.Stage.PENDING_APPROVAL)),
        None,
    )
    context = {
        "measure": measure,
        "perms": perms,
        "light": measure.compute_light(today()),
        "aspect_chain": aspect_chains(problem.inspection).get(problem.aspect_id, []),
        "problem_status": problem_statuses([problem.pk]).get(problem.pk, ProblemStatus.IN_PROGRESS),
        "chain": carry_chain(problem),
        "co_units": list(measure.co_units.all()),
        "milestones": list(measure.milestones.all()),
        "updates": list(measure.updates.select_related("author").prefetch_related("evidence")),
        "evidence": evidence,
        "closures": closures,
        "open_closure": open_closure,
        "rechecks": list(measure.rechecks.select_related("checked_by")),
        "history_alert": last_failure(),
        "history": described(
            AuditEvent.objects.filter(measure=measure).select_related("actor").order_by("at", "id")
        ),
        "progress_form": ProgressForm() if perms.report and measure.status != S.CLOSED else None,
        "closure_form": ClosureRequestForm()
        if perms.request_closure and measure.status in (S.NOT_STARTED, S.IN_PROGRESS)
        else None,
        "review_form": ReviewForm()
        if perms.review and open_closure and open_closure.stage == "pending_review"
        else None,
        "approve_form": ApproveForm()
        if perms.approve and open_closure and open_closure.stage == "pending_approval"
        else None,
        "milestone_form": MilestoneForm()
        if perms.plan and measure.kind == Measure.Kind.LONG_TERM
        else None,
    }
    return render(request, "ledger/measure.html", context)


# ------------------------------------------------------------------ plan


@login_required
def measure_create(request, problem_pk: int):
    problem, can_edit = access.get_problem_for_user(request.user, problem_pk)
    require(can_edit)
    inspection = problem.inspection
    form = MeasureForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        measure = actions.do_create_measure(
            request.user,
            problem,
            text=d["text"],
            kind=d["kind"],
            leader=d["leader"],
            lead_unit=d["lead_unit"],
            co_units=d["co_units"],
            deadline=d["deadline"],
            label=d["label"],
            group=d["group"],
        )
        _deadline_message(request, form.counted)
        messages.success(request, "整改措施已交办。")
        return redirect(measure)
    return form_page(
        request, form, title=f"新增整改措施：{problem.title}", back=problem.get_absolute_url()
    )


def _deadline_message(request, counted):
    """Say what a typed "N个工作日" became, from which day, and whether to check it."""
    if counted is None:
        return
    base = "反馈日期" if counted.from_feedback else "今天"
    text = (
        f"整改时限按工作日从{base}（{counted.base:%Y年%-m月%-d日}）起算，"
        f"为 {counted.date:%Y年%-m月%-d日}。"
    )
    check = counted.approximate or counted.date < today()
    if counted.approximate:
        text += "所跨年份的法定节假日安排尚未公布，暂按周一至周五计算，请届时核对。"
    if counted.date < today():
        text += "该日期已过，如需另定时限请直接填写日期。"
    (messages.warning if check else messages.info)(request, text)


@login_required
def measure_edit(request, pk: int):
    measure, perms = get_measure_for_user(request.user, pk)
    require(perms.plan)
    inspection = measure.problem.inspection
    form = MeasureForm(request.POST or None, instance=measure, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        version = d.get("version") or measure.version
        try:
            updated = actions.do_update_measure(
                request.user,
                Measure.objects.get(pk=measure.pk),
                version,
                co_units=d["co_units"],
                text=d["text"],
                kind=d["kind"],
                leader=d["leader"],
                lead_unit=d["lead_unit"],
                deadline=d["deadline"],
                label=d["label"],
                group=d["group"],
            )
        except actions.StaleEdit as exc:
            form.add_error(None, str(exc))
            return form_page(
                request, form, title="修改整改措施", back=measure.get_absolute_url(), status=409
            )
        _deadline_message(request, form.counted)
        messages.success(request, "整改措施已保存。")
        return redirect(updated)
    return form_page(request, form, title="修改整改措施", back=measure.get_absolute_url())


@login_required
@require_POST
def milestone_add(request, pk: int):
    measure, perms = get_measure_for_user(request.user, pk)
    require(perms.plan)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_milestone(request.user, measure, **form.cleaned_data)
            messages.success(request, "阶段目标已添加。")
        except actions.WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request, "阶段目标未添加：" + "；".join(e for es in form.errors.values() for e in es)
        )
    return redirect(measure)


@login_required
@require_POST
def milestone_done(request, pk: int):
    milestone, perms = access.get_milestone_for_user(request.user, pk)
    require(perms.request_closure)
    try:
        actions.do_complete_milestone(request.user, milestone, done_on=today())
        messages.success(request, f"阶段目标“{milestone.title}”已完成。")
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(milestone.measure)


@login_required
@require_POST
def bulk_assign(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    scoped = measures_for(request.user).filter(problem__inspection=inspection)
    form = BulkAssignForm(request.POST, inspection=inspection, measures=scoped)
    if form.is_valid():
        d = form.cleaned_data
        chosen = d["measures"]
        if d["all_filtered"]:
            chosen = _filtered(scoped, inspection, d["filter_query"])
            found = chosen.count()
            if found != d["expected"]:
                messages.error(
                    request,
                    f"筛选结果已变化（现为 {found} 项，确认时为 {d['expected']} 项），"
                    "未执行批量交办，请刷新后重新确认。",
                )
                return redirect("ledger:ledger", pk=inspection.pk)
        try:
            n = actions.do_bulk_assign(
                request.user,
                chosen,
                leader=d["leader"],
                lead_unit=d["lead_unit"],
                deadline=d["deadline"],
            )
            messages.success(request, f"已批量交办 {n} 项整改措施。")
            _deadline_message(request, form.counted)
        except actions.WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request, "批量交办未执行：" + "；".join(e for es in form.errors.values() for e in es)
        )
    return redirect("ledger:ledger", pk=inspection.pk)


def _filtered(scoped, inspection, query: str):
    """The ledger's filter applied again from its query string (bulk assignment)."""
    form = LedgerFilterForm(QueryDict(query), units=lead_units_of(scoped))
    return form.apply(scoped.with_light(today(), rules_for(inspection)))


@login_required
def pick_units(request, pk: int):
    """The ledger's unit pickers, searched on demand: ``?for=assign`` (who may plan) the
    units under the inspection's organisation, otherwise the lead units of the measures
    the user sees in it — never an organisation the page itself would not offer."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    if request.GET.get("for") == "assign":
        require(can_write)
        units = units_under(inspection.organisation).order_by("path", "order")
    else:
        units = lead_units_of(measures_for(request.user).filter(problem__inspection=inspection))
    return picker_json(request, units, "name", "short_name")


@login_required
def pick_leaders(request, pk: int):
    """The bulk assignment's leader picker, for who may plan the inspection."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    return picker_json(request, leaders_under(inspection.organisation), "full_name", "username")


# ------------------------------------------------------------------ execution


@login_required
def progress_post(request, pk: int):
    measure, perms = get_measure_for_user(request.user, pk)
    require(perms.report)
    form = ProgressForm(request.POST or None, request.FILES or None)

    def step(d):
        actions.do_post_progress(
            request.user,
            measure,
            date=d["date"],
            text=d["text"],
            figures=d["figures"],
            files=uploads_of(d["files"]),
            key=d.get("key") or "",
        )

    return workflow_step(
        request,
        form,
        step,
        done="进展已报送。",
        then=measure,
        title="报送整改进展",
        back=measure.get_absolute_url(),
        multipart=True,
    )


@login_required
def evidence_download(request, pk: int):
    evidence = access.get_evidence_for_user(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@xframe_options_sameorigin
def evidence_view(request, pk: int):
    """A PDF or image shown inside the review page; any other kind is downloaded.

    The type is the one read from the file's bytes at upload, so a renamed file
    cannot be served inline as something else."""
    evidence = access.get_evidence_for_user(request.user, pk)
    inline = evidence.content_type in PREVIEWABLE
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------ closure


@login_required
def closure_request(request, pk: int):
    measure, perms = get_measure_for_user(request.user, pk)
    require(perms.request_closure)
    form = ClosureRequestForm(request.POST or None, request.FILES or None)

    def step(d):
        actions.do_request_closure(
            request.user, measure, note=d["note"], files=uploads_of(d["files"])
        )

    return workflow_step(
        request,
        form,
        step,
        done="销号申请已提交，等待整改办审核。",
        then=measure,
        title="申请销号",
        back=measure.get_absolute_url(),
        multipart=True,
        submit="提交申请",
    )


@login_required
def closure_review(request, pk: int):
    closure, perms = access.get_closure_for_user(request.user, pk)
    require(perms.review)

    def step(d):
        actions.do_review_closure(
            request.user,
            closure,
            accept=d["decision"] == "accept",
            checklist={k: d[k] for k in actions.CHECKLIST},
            reason=d["reason"],
        )

    return workflow_step(
        request,
        ReviewForm(request.POST or None),
        step,
        done="审核意见已提交。",
        then=closure.measure,
        title=f"审核销号申请：{closure.measure.name}",
        back=closure.measure.get_absolute_url(),
        submit="提交审核意见",
        template="ledger/decide.html",
        facts=decision_context(closure),
    )


@login_required
def closure_approve(request, pk: int):
    closure, perms = access.get_closure_for_user(request.user, pk)
    require(perms.approve)

    def step(d):
        actions.do_approve_closure(
            request.user, closure, approve=d["decision"] == "approve", reason=d["reason"]
        )

    return workflow_step(
        request,
        ApproveForm(request.POST or None),
        step,
        done="审批意见已提交。",
        then=closure.measure,
        title=f"审批销号：{closure.measure.name}",
        back=closure.measure.get_absolute_url(),
        submit="提交审批意见",
        template="ledger/decide.html",
        facts=decision_context(closure),
    )


@login_required
def closure_queue(request):
    """销号申请: what waits for this user — review for the office, approval for leaders."""
    qs = access.closures_waiting_for(request.user).select_related(
        "measure__problem__inspection", "measure__lead_unit", "submitted_by"
    )
    page, query = paginate(request, qs.order_by("submitted_at", "pk"))
    return render(request, "ledger/closures.html", {"page": page, "query": query})


# ------------------------------------------------------------------ look-back


@login_required
def recheck_list(request):
    """回头看: re-checks due within 30 days and overdue ones."""
    horizon = today() + dt.timedelta(days=30)
    qs = (
        Recheck.objects.filter(
            measure__in=measures_for(request.user), result=Recheck.Result.PENDING, due__lte=horizon
        )
        .select_related("measure__problem__inspection", "measure__lead_unit")
        .order_by("due", "pk")
    )
    page, query = paginate(request, qs)
    return render(request, "ledger/rechecks.html", {"page": page, "query": query, "today": today()})


@login_required
def recheck_record(request, pk: int):
    recheck, perms = access.get_recheck_for_user(request.user, pk)
    require(perms.recheck)

    def step(d):
        actions.do_record_recheck(
            request.user, recheck, result=d["result"], note=d["note"], checked_on=d["checked_on"]
        )

    return workflow_step(
        request,
        RecheckForm(request.POST or None),
        step,
        done="复查结果已记录。",
        then=recheck.measure,
        title=f"记录回头看复查（计划 {recheck.due:%Y-%m-%d}）",
        back=recheck.measure.get_absolute_url(),
    )


# ------------------------------------------------------------------ lists


@login_required
def task_list(request, pk: int):
    """任务清单: one row per measure, with its problem, leader, units and deadline."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    qs = list_rows(
        measures_for(request.user)
        .filter(problem__inspection=inspection)
        .with_light(today(), rules_for(inspection))
    ).order_by("problem__order", "problem_id", "order", "pk")
    page, query = paginate(request, qs)
    return render(
        request, "ledger/list_tasks.html", {"inspection": inspection, "page": page, "query": query}
    )


@login_required
def problem_list(request, pk: int):
    """问题清单: one row per problem, with its measure counts and derived status. The
    page's problems are picked first, then their measures counted: counting the measures
    of all 10,000 problems to show 50 took 310 ms."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    visible = measures_for(request.user).filter(problem__inspection=inspection)
    qs = (
        problems_for(request.user)
        .filter(inspection=inspection)
        .select_related("aspect")
        .order_by("order", "pk")
    )
    page, query = paginate(request, qs)
    ids = [p.pk for p in page.object_list]
    counts = {
        row["problem_id"]: row
        for row in visible.filter(problem_id__in=ids)
        .values("problem_id")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status=S.CLOSED)))
        .order_by()
    }
    statuses = problem_statuses(ids)
    for p in page.object_list:
        p.status = statuses.get(p.pk, ProblemStatus.IN_PROGRESS)
        p.measure_count = counts.get(p.pk, {}).get("total", 0)
        p.closed_count = counts.get(p.pk, {}).get("closed", 0)
    return render(
        request,
        "ledger/list_problems.html",
        {"inspection": inspection, "page": page, "query": query},
    )


@login_required
def responsibility_list(request, pk: int):
    """责任清单: per responsible leader and per lead unit, counts by status and light,
    most red first; each table paged on its own (a province-wide round has 5,000 units).
    The tables are kept as HTML until anything in the inspection changes."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    tables = kept_page(
        inspection.pk,
        request.user,
        ("responsibility", sorted(request.GET.lists())),
        lambda: _responsibility_tables(request, inspection),
    )
    return render(
        request, "ledger/list_responsibility.html", {"inspection": inspection, "tables": tables}
    )


def _responsibility_tables(request, inspection) -> str:
    qs = (
        measures_for(request.user)
        .filter(problem__inspection=inspection)
        .with_sorting_light(today(), rules_for(inspection))
    )

    def grouped(field, label_field, page_param):
        rows = list(
            qs.values(field, label_field)
            .annotate(
                total=Count("pk"),
                closed=Count("pk", filter=Q(status=S.CLOSED)),
                red=Count("pk", filter=Q(light_rank=Light.RED.rank)),
                yellow=Count("pk", filter=Q(light_rank=Light.YELLOW.rank)),
                unassigned=Count("pk", filter=Q(light_rank=Light.UNASSIGNED.rank)),
            )
            .order_by("-red", "-total", label_field)
        )
        return paginate(request, rows, param=page_param)

    by_leader, leaders_query = grouped("leader_id", "leader__full_name", "leaders")
    by_unit, units_query = grouped("lead_unit_id", "lead_unit__name", "units")
    context = {
        "inspection": inspection,
        "by_leader": by_leader,
        "by_unit": by_unit,
        "leaders_query": leaders_query,
        "units_query": units_query,
    }
    return render_to_string("ledger/partials/responsibility_tables.html", context, request)


# ------------------------------------------------------------------ registers


def _register_problems(user, inspection):
    return problems_for(user).filter(inspection=inspection).order_by("order", "pk")


def _register_form(kind: str, user, inspection, *args, **kwargs):
    """The ``kind`` register's form, its problems those of ``inspection`` the user sees,
    picked on demand (:func:`pick_problems`)."""
    return REGISTER_FORMS[kind][0](
        *args,
        problems=_register_problems(user, inspection),
        problems_url=reverse("ledger:pick_problems", args=[inspection.pk]),
        **kwargs,
    )


@login_required
def pick_problems(request, pk: int):
    """The register forms' problem pickers, searched on demand by code or title, for
    who may enter register entries."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(access.can_enter_registers(request.user))
    return picker_json(request, _register_problems(request.user, inspection), "code", "title")


@login_required
def registers(request, pk: int):
    """建章立制、问责追责、追缴资金 of one inspection, with totals and entry forms; a
    withdrawn entry is listed struck through and counted nowhere."""
    inspection, _ = get_inspection_for_user(request.user, pk)

    def entries(kind, *order):
        model = access.REGISTER_MODELS[kind]
        return access.register_entries_for(request.user, model, inspection).order_by(*order)

    editable = access.can_enter_registers(request.user)
    context = {
        "inspection": inspection,
        "regulations": entries("regulation", "issued_on", "pk"),
        "accountabilities": entries("accountability", "date", "pk"),
        "recoveries": entries("recovery", "date", "pk"),
        "totals": register_totals(inspection),
        "forms": {
            kind: _register_form(kind, request.user, inspection, prefix=kind)
            for kind in ("regulation", "accountability", "recovery")
        }
        if editable
        else None,
    }
    return render(request, "ledger/registers.html", context)


REGISTER_FORMS = {
    "regulation": (RegulationForm, actions.do_add_regulation, "建章立制"),
    "accountability": (AccountabilityForm, actions.do_add_accountability, "问责追责"),
    "recovery": (RecoveryForm, actions.do_add_recovery, "追缴资金"),
}
#: (correct, withdraw) of each register.
REGISTER_CHANGES = {
    "regulation": (actions.do_correct_regulation, actions.do_withdraw_regulation),
    "accountability": (actions.do_correct_accountability, actions.do_withdraw_accountability),
    "recovery": (actions.do_correct_recovery, actions.do_withdraw_recovery),
}


@login_required
@require_POST
def register_add(request, pk: int, kind: str):
    inspection, _ = get_inspection_for_user(request.user, pk)
    require(access.can_enter_registers(request.user) and kind in REGISTER_FORMS)
    _, action, label = REGISTER_FORMS[kind]
    form = _register_form(kind, request.user, inspection, request.POST, prefix=kind)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        action(request.user, inspection, **data)
        messages.success(request, f"{label}记录已添加。")
    else:
        errors = "；".join(
            f"{form.fields[f].label if f in form.fields else ''}{e}"
            for f, es in form.errors.items()
            for e in es
        )
        messages.error(request, f"{label}记录未添加：{errors}")
    return redirect("ledger:registers", pk=inspection.pk)


def _correction_form(request, kind, entry, data=None):
    """The entry's form filled from a copy (validating must not change ``entry``, whose
    values the action compares against)."""
    return _register_form(
        kind, request.user, entry.inspection, data, instance=copy.copy(entry), prefix="correct"
    )


def _entry_page(request, kind, entry, can_write, *, correct=None, withdraw=None):
    """One register entry: its facts, its history field by field and, for who may,
    the correction form and the withdrawal form (confirmed before it is sent)."""
    if can_write:
        correct = correct or _correction_form(request, kind, entry)
        withdraw = withdraw or WithdrawEntryForm(
            prefix="withdraw", initial={"version": entry.version}
        )
    events = AuditEvent.objects.filter(object_type=entry._meta.label_lower, object_id=str(entry.pk))
    context = {
        "inspection": entry.inspection,
        "entry": entry,
        "kind": kind,
        "label": REGISTER_FORMS[kind][2],
        "amount": actions.plain_value(getattr(entry, "amount_wan_yuan", None)),
        "problems": list(entry.problems.order_by("order", "pk")),
        "history": described(events.select_related("actor").order_by("at", "id")),
        "correct_form": correct,
        "withdraw_form": withdraw,
    }
    status = 400 if (correct and correct.errors) or (withdraw and withdraw.errors) else 200
    return render(request, "ledger/register_entry.html", context, status=status)


@login_required
def register_entry(request, kind: str, pk: int):
    entry, can_write = access.get_register_entry_for_user(request.user, kind, pk)
    return _entry_page(request, kind, entry, can_write)


@login_required
@require_POST
def register_correct(request, kind: str, pk: int):
    entry, can_write = access.get_register_entry_for_user(request.user, kind, pk)
    require(can_write)
    form = _correction_form(request, kind, entry, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version, problems = data.pop("version") or 0, data.pop("problems")
        try:
            REGISTER_CHANGES[kind][0](
                request.user, entry, version=version, changes=data, problems=problems
            )
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{REGISTER_FORMS[kind][2]}记录已更正。")
            return redirect("ledger:register_entry", kind=kind, pk=entry.pk)
    return _entry_page(request, kind, entry, can_write, correct=form)


@login_required
@require_POST
def register_withdraw(request, kind: str, pk: int):
    entry, can_write = access.get_register_entry_for_user(request.user, kind, pk)
    require(can_write)
    form = WithdrawEntryForm(request.POST, prefix="withdraw")
    if form.is_valid():
        d = form.cleaned_data
        try:
            REGISTER_CHANGES[kind][1](request.user, entry, version=d["version"], reason=d["reason"])
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{REGISTER_FORMS[kind][2]}记录已撤回，不再计入统计。")
            return redirect("ledger:registers", pk=entry.inspection_id)
    return _entry_page(request, kind, entry, can_write, withdraw=form)


# ------------------------------------------------------------------ carry-over


@login_required
def carry_over(request):
    """承接事项: problems linked to an earlier round, with the state of the earlier item."""
    qs = (
        problems_for(request.user)
        .filter(carried_from__isnull=False)
        .select_related("inspection__organisation", "carried_from__inspection")
        .order_by("inspection__organisation__path", "inspection_id", "order")
    )
    page, query = paginate(request, qs)
    return render(request, "ledger/carry_over.html", {"page": page, "query": query})


# ------------------------------------------------- withdrawing a wrong record (撤回)

# kind → (how to fetch it with the measure's permissions, the action, what it is called)
WITHDRAWABLE = {
    "progress": (access.get_progress_for_user, actions.do_withdraw_progress, "进展"),
    "evidence": (access.get_evidence_with_perms_for_user, actions.do_withdraw_evidence, "佐证材料"),
    "milestone": (access.get_milestone_for_user, actions.do_withdraw_milestone, "阶段目标"),
}


@login_required
def withdraw(request, kind: str, pk: int):
    """The confirmation page of a withdrawal: what is withdrawn, a reason, then the action
    (checked against the measure's version the page was shown at)."""
    if kind not in WITHDRAWABLE:
        raise Http404
    fetch, action, what = WITHDRAWABLE[kind]
    obj, perms = fetch(request.user, pk)
    require(perms.withdraw)
    measure = obj.measure
    form = WithdrawForm(request.POST or None, initial={"version": measure.version})
    return workflow_step(
        request,
        form,
        lambda d: action(
            request.user, obj, version=d["version"] or measure.version, reason=d["reason"]
        ),
        done=f"已撤回{what}“{obj}”。记录和文件都保留，操作已记入历史。",
        then=measure.get_absolute_url(),
        title=f"撤回{what}：{obj}",
        back=measure.get_absolute_url(),
        submit="确认撤回",
        intro=f"确认撤回这条{what}？\n{obj}\n撤回后它不再出现在措施页面、统计、导出和通报中；"
        "记录、文件和操作记录都保留，不会删除。",
    )
