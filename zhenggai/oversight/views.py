"""Supervision pages: the register, the battle map, dashboards and bulletins; the
巡察办's desk (overview, organisation page, quality checks, spot checks, 举一反三,
recurrence across rounds)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from zhenggai.access import can_see_boards, inspections_for, problems_for
from zhenggai.core.bulletin import BULLETIN_KEYS, render_docx, summary_line
from zhenggai.core.indicators import COLUMNS, DEFINITIONS, STATUS_LABELS, summary
from zhenggai.core.notice_render import cn_date
from zhenggai.core.sheet import write_table
from zhenggai.inspections.actions import do_update_problem
from zhenggai.inspections.models import Problem
from zhenggai.lib.downloads import document_filename, file_download
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.htmx import render_htmx
from zhenggai.lib.pages import CSRF_SLOT, paginate, today, with_csrf
from zhenggai.orgs.models import Organisation, User
from zhenggai.publication import quality as notice_quality

from . import battle, clusters, figures
from . import overview as ov
from . import quality as quality_rules
from .access import (
    get_attachment_for_user,
    get_board_for_user,
    get_bulletin_for_user,
)
from .actions import do_record_supervision
from .bulletins import do_generate_bulletin
from .desk_actions import (
    do_carry_over_unfinished,
    do_draw_spot_check,
    do_explain_finding,
    do_issue_self_checks,
    do_record_spot_result,
)
from .desk_forms import CarryOverForm, DrawForm, ExplainForm, SelfCheckForm, SpotResultForm
from .forms import SupervisionForm
from .indicators import indicators_by
from .models import Bulletin, SpotCheck, SpotCheckItem, Supervision
from .recurrence import earlier_inspections, recurrences, unfinished_problems
from .snapshots import kept_page


@login_required
def supervisions(request, pk: int):
    """督导记录 of one inspection, with counts by kind ("召开专题会议9次")."""
    inspection, can_write = get_board_for_user(request.user, pk)
    records = (
        Supervision.objects.filter(inspection=inspection)
        .select_related("created_by")
        .prefetch_related("units", "measures__problem", "attachments")
    )
    counts = dict(
        Supervision.objects.filter(inspection=inspection)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    context = {
        "inspection": inspection,
        "can_write": can_write,
        "records": records,
        "counts": [(k, label, counts.get(k, 0)) for k, label in Supervision.Kind.choices],
    }
    return render(request, "oversight/supervisions.html", context)


@login_required
def supervision_new(request, pk: int):
    inspection, can_write = get_board_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以登记督导记录。")
    form = SupervisionForm(request.POST or None, request.FILES or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        do_record_supervision(
            request.user,
            inspection,
            kind=d["kind"],
            date=d["date"],
            who=d.get("who", ""),
            note=d.get("note", ""),
            units=d.get("units") or [],
            measures=d.get("measures") or [],
            files=d["files"],
        )
        messages.success(request, "督导记录已登记。")
        return redirect("oversight:supervisions", pk=inspection.pk)
    return render(
        request, "oversight/supervision_form.html", {"inspection": inspection, "form": form}
    )


@login_required
def attachment(request, pk: int):
    item = get_attachment_for_user(request.user, pk)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


@login_required
def battle_map(request, pk: int):
    """挂图作战: the inspection folded by lead unit (or aspect), each row's cards on demand."""
    inspection, _ = get_board_for_user(request.user, pk)
    by = "aspect" if request.GET.get("by") == "aspect" else "unit"
    day = today()
    data = battle.board(inspection, day, by)
    page, query = paginate(request, data["rows"])
    context = {
        "inspection": inspection,
        "by": by,
        "board": page.object_list,
        "page": page,
        "query": query,
        "counts": data["counts"],
        "gantt": battle.gantt(inspection, day, page.object_list, data["fold"]),
        "gantt_height": min(1400, max(320, 60 + 44 * len(page.object_list))),
        "legend": [(k, v, data["counts"][k]) for k, v in figures.STATE_LABELS.items()],
    }
    return render(request, "oversight/battle_map.html", context)


@login_required
def battle_map_cards(request, pk: int):
    """One row of the battle map: its problems and their measures' cells (HTMX)."""
    inspection, _ = get_board_for_user(request.user, pk)
    by = "aspect" if request.GET.get("by") == "aspect" else "unit"
    row = request.GET.get("row") or battle.NONE
    if not (row == battle.NONE or row.isdigit()):
        raise Http404("没有该行。")
    data = battle.cards(inspection, today(), by, row)
    return render(
        request, "oversight/partials/battle_cards.html", {"inspection": inspection, **data}
    )


@login_required
def dashboard(request, pk: int):
    inspection, _ = get_board_for_user(request.user, pk)
    data = figures.inspection_dashboard(inspection, today())
    latest = (
        Bulletin.objects.filter(inspection=inspection)
        .only("number", "period_end")  # its snapshot holds every measure: 100 ms at 100,000
        .order_by("-period_end")
        .first()
    )
    return render(
        request,
        "oversight/dashboard.html",
        {"inspection": inspection, "data": data, "latest_bulletin": latest},
    )


@login_required
def bulletins(request, pk: int):
    inspection, can_write = get_board_for_user(request.user, pk)
    items = Bulletin.objects.filter(inspection=inspection).defer("snapshot").order_by("-period_end")
    return render(
        request,
        "oversight/bulletins.html",
        {"inspection": inspection, "can_write": can_write, "bulletins": items},
    )


@login_required
@require_POST
def bulletin_generate(request, pk: int):
    inspection, can_write = get_board_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以生成通报。")
    bulletin, created = do_generate_bulletin(request.user, inspection, today(), on_demand=True)
    if not created:
        messages.info(request, "今天的通报已经生成，通报一经生成不再改动。")
    return redirect(bulletin)


def _bulletin_context(bulletin):
    figs, snap = bulletin.figures, bulletin.snapshot
    labels = {k: m["label"] for k, m in snap["measures"].items()}

    def items(keys):
        return [(k, labels.get(k, k)) for k in keys]

    return {
        "bulletin": bulletin,
        "inspection": bulletin.inspection,
        "f": figs,
        "summary": summary_line(figs),
        "indicators": summary(figs["indicators"], BULLETIN_KEYS) if "indicators" in figs else [],
        "newly_closed": items(figs["newly_closed"]),
        "newly_overdue": items(figs["newly_overdue"]),
        "without_updates": items(figs["without_updates"]),
        "light_changes": [
            {
                **c,
                "title": labels.get(c["measure"], c["measure"]),
                "from_label": figures.STATE_LABELS.get(c["from"], c["from"]),
                "to_label": figures.STATE_LABELS.get(c["to"], c["to"]),
            }
            for c in figs["light_changes"]
        ],
        "labels": figures.STATE_LABELS,
    }


@login_required
def bulletin(request, pk: int):
    item, _ = get_bulletin_for_user(request.user, pk)
    return render(request, "oversight/bulletin.html", _bulletin_context(item))


@login_required
def bulletin_docx(request, pk: int):
    item, _ = get_bulletin_for_user(request.user, pk)
    title = f"{item.inspection.organisation.display_name}巡察整改工作通报"
    subtitle = f"第{item.number}期（截至{cn_date(item.period_end)}）"
    issuer = f"{item.inspection.organisation.name}巡察整改工作领导小组办公室"
    data = render_docx(title, subtitle, item.figures, item.snapshot, issuer=issuer)
    name = document_filename(f"{title}第{item.number}期", item.period_end, "docx")
    return file_download(data, name)


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
    rows = ov.overview_rows(scope, data, today(), viewer=request.user.pk)
    if request.GET.get("format") == "xlsx":
        header, body = ov.export_rows(rows)
        out = io.BytesIO()
        write_table(header, body, out, title="督导总览")
        return file_download(out.getvalue(), "督导总览.xlsx")
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
            "title": DEFINITIONS.get(key, ""),
        }
        for key, label in [("name", "被巡察党组织"), ("inspections", "巡察数"), *COLUMNS]
    ]
    context = {
        "form": form,
        "page": page,
        "offset": page.start_index() - 1 if rows else 0,
        "headers": headers,
        "query": urlencode(params),
        "charts": rows.charts,
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
    """整改质量检查: every finding of every rule, open ones first, fifty a page (a
    province-wide round has tens of thousands); ``?rule=`` shows one rule's. The page
    is kept as HTML until anything in the inspection changes."""
    inspection, can_write = get_board_for_user(request.user, pk)
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
    found = kept_page(
        inspection.pk,
        request.user,
        ("quality", sorted(request.GET.lists())),
        lambda: _quality_findings(request, inspection, can_write),
    )
    return render(
        request,
        "oversight/desk/quality.html",
        {"inspection": inspection, "found": with_csrf(request, found)},
    )


def _quality_findings(request, inspection, can_write: bool) -> str:
    """The rules with their open counts and the requested pages of findings, as HTML;
    the explanation forms' CSRF tokens are slots (``lib.pages.with_csrf``)."""
    found = notice_quality.findings(inspection, today())
    counts = {rule: 0 for rule in quality_rules.RULES}
    for f in found:
        if not f.explanation:
            counts[f.rule] += 1
    rule = request.GET.get("rule", "")
    if rule not in quality_rules.RULES:
        rule = ""
    open_ = [f for f in found if not f.explanation and (not rule or f.rule == rule)]
    explained = [f for f in found if f.explanation and (not rule or f.rule == rule)]
    open_page, open_query = paginate(request, open_)
    explained_page, explained_query = paginate(request, explained, param="explained")
    return render_to_string(
        "oversight/desk/partials/quality_findings.html",
        {
            "inspection": inspection,
            "can_write": can_write,
            "csrf_slot": CSRF_SLOT,
            "rule": rule,
            "open": open_page,
            "explained": explained_page,
            "open_query": open_query,
            "explained_query": explained_query,
            "rules": [
                (k, label, text, counts[k]) for k, (label, text) in quality_rules.RULES.items()
            ],
        },
        request,
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
    groups = clusters.kept_groups(problems_for(request.user), request.user)
    page, query = paginate(request, groups)
    return render(
        request,
        "oversight/desk/clusters.html",
        {
            "clusters": clusters.clusters_of(list(page.object_list)),
            "page": page,
            "query": query,
            "offset": page.start_index() - 1,
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
