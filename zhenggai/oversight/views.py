"""Supervision pages: the register, the battle map, dashboards and bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenggai.access import inspections_for
from zhenggai.core.bulletin import render_docx, summary_line
from zhenggai.core.notice_render import cn_date
from zhenggai.lib.downloads import document_filename, file_download
from zhenggai.lib.pages import today

from . import figures
from .access import (
    can_see_boards,
    get_attachment_for_user,
    get_board_for_user,
    get_bulletin_for_user,
)
from .actions import do_record_supervision
from .bulletins import do_generate_bulletin
from .forms import SupervisionForm
from .models import Bulletin, Supervision


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
    """挂图作战: every problem and measure of an inspection on one board."""
    inspection, _ = get_board_for_user(request.user, pk)
    by = "aspect" if request.GET.get("by") == "aspect" else "unit"
    data = figures.battle_map(inspection, today(), by)
    context = {
        "inspection": inspection,
        "by": by,
        "board": data["rows"],
        "counts": data["counts"],
        "gantt": data["gantt"],
        "gantt_height": min(1400, max(320, 60 + 44 * len(data["rows"]))),
        "legend": [(k, v, data["counts"][k]) for k, v in figures.STATE_LABELS.items()],
    }
    return render(request, "oversight/battle_map.html", context)


@login_required
def dashboard(request, pk: int):
    inspection, _ = get_board_for_user(request.user, pk)
    data = figures.inspection_dashboard(inspection, today())
    latest = Bulletin.objects.filter(inspection=inspection).order_by("-period_end").first()
    return render(
        request,
        "oversight/dashboard.html",
        {"inspection": inspection, "data": data, "latest_bulletin": latest},
    )


@login_required
def overview(request):
    """All inspected organisations under the user's subtree, side by side and ranked."""
    if not can_see_boards(request.user):
        raise PermissionDenied("督导总览仅向整改办、巡察办开放。")
    rows = figures.oversight_overview(inspections_for(request.user), today())
    chart = {
        "labels": [r["inspection"].organisation.display_name for r in rows],
        "rate": [r["rate"] for r in rows],
        "red": [r["red"] for r in rows],
        "yellow": [r["yellow"] for r in rows],
        "green": [r["green"] for r in rows],
        "closed": [r["closed"] for r in rows],
    }
    return render(request, "oversight/overview.html", {"rows": rows, "chart": chart})


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
        "newly_closed": items(figs["newly_closed"]),
        "newly_overdue": items(figs["newly_overdue"]),
        "without_updates": items(figs["without_updates"]),
        "light_changes": [
            {**c, "title": labels.get(c["measure"], c["measure"])} for c in figs["light_changes"]
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
