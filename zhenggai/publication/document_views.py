"""Internal documents: the rectification report (整改情况报告) and the 对账销号单.

Neither is public. The report is read by the office, the secretary who
approves it and the inspection body (巡察办); unit contacts, who see only
their own measures, get 403. 对账销号单 follow the measure's own access: one
sheet from a measure the user may see, or every closed measure of an
inspection the user may see, scoped to the user's measures.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenggai.access import (
    can_manage,
    can_mark_withheld,
    get_inspection_for_user,
    get_measure_for_user,
    measures_for,
)
from zhenggai.core.closure_sheet import render_sheets
from zhenggai.core.notice_docx import render_docx
from zhenggai.core.office import ConversionFailed, OfficeMissing, convert
from zhenggai.lib.downloads import document_filename, file_download
from zhenggai.orgs.models import User

from . import report_actions
from .access import can_approve_for
from .closure_sheets import closure_sheets
from .disclosure import (
    DisclosureError,
    do_set_withholding,
    inspection_id_of,
    measure_of,
    model_for,
)
from .forms import VersionForm
from .models import RectificationReport
from .report_data import thawed

DOCUMENT_FORMATS = ("docx", "pdf")


@login_required
@require_POST
def withhold(request, kind: str, pk: int):
    """Mark a problem, measure, progress update's figures or register entry 不宜公开 (or
    clear it): the office only (:func:`zhenggai.access.can_mark_withheld`)."""
    try:
        model = model_for(kind)
    except DisclosureError as exc:
        raise Http404(str(exc)) from exc
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404("没有找到该对象。")
    inspection, _ = get_inspection_for_user(request.user, inspection_id_of(obj))
    if not can_mark_withheld(request.user):
        raise PermissionDenied("只有整改办可以标记不宜公开。")
    try:
        do_set_withholding(
            request.user, obj, request.POST.get("reason", ""), request.POST.get("note", "")
        )
    except DisclosureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存公开范围。")
    return redirect(_page_of(obj, inspection))


def _page_of(obj, inspection) -> str:
    """Where the marking form was: the object's page, the measure's for its progress
    figures, the registers page for a register entry."""
    measure = measure_of(obj)
    if measure is not None and measure is not obj:
        return f"{measure.get_absolute_url()}#update-{obj.pk}"
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return reverse("ledger:registers", args=[inspection.pk]) + f"#{obj._meta.model_name}-{obj.pk}"


def _office_file(request, docx: bytes, filename: str, fallback):
    """The Word file, or its PDF through LibreOffice (a message and ``fallback`` if missing)."""
    if filename.endswith(".pdf"):
        try:
            return file_download(convert(docx, ".docx", "pdf"), filename)
        except (OfficeMissing, ConversionFailed) as exc:
            messages.error(request, str(exc))
            return redirect(fallback)
    return file_download(docx, filename)


def _report_access(user, inspection) -> tuple[bool, bool]:
    """(may write, may approve); PermissionDenied for those who may not read reports."""
    can_write = can_manage(user)
    can_approve = can_approve_for(user, inspection.organisation)
    if not (can_write or can_approve or user.role == User.Role.OVERSIGHT):
        raise PermissionDenied("整改情况报告仅供整改办、党组织负责人和巡察机构查阅。")
    return can_write, can_approve


def _get_report_for_user(user, pk: int):
    report = RectificationReport.objects.select_related("inspection__organisation").filter(pk=pk)
    report = report.first()
    if report is None:
        raise Http404("没有找到该报告。")
    get_inspection_for_user(user, report.inspection_id)  # 404 for outsiders
    return (report, *_report_access(user, report.inspection))


@login_required
def report_page(request, pk: int):
    """The inspection's reports: generate, submit, approve, download."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    can_write, can_approve = _report_access(request.user, inspection)
    reports = list(
        RectificationReport.objects.filter(inspection=inspection)
        .select_related("created_by", "approved_by")
        .order_by("-created_at", "-id")[:20]
    )
    latest = reports[0] if reports else None
    return render(
        request,
        "publication/report.html",
        {
            "inspection": inspection,
            "reports": reports,
            "latest": latest,
            "doc": thawed(latest.content) if latest else None,
            "can_write": can_write,
            "can_approve": can_approve,
        },
    )


@login_required
@require_POST
def report_generate(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以生成整改情况报告。")
    report_actions.do_generate_report(request.user, inspection)
    messages.success(request, "已由台账生成整改情况报告，请核对后提交审批。")
    return redirect("publication:report", pk=inspection.pk)


REPORT_STEPS = {
    "submit": ("write", report_actions.do_submit_report, "已提交审批。"),
    "approve": ("approve", report_actions.do_approve_report, "已审批，可报送巡察机构。"),
    "return": ("approve", report_actions.do_return_report, "已退回整改办。"),
}


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    report, can_write, can_approve = _get_report_for_user(request.user, pk)
    if action not in REPORT_STEPS:
        return HttpResponseBadRequest("未知操作")
    needs, func, done = REPORT_STEPS[action]
    if not (can_write if needs == "write" else can_approve):
        raise PermissionDenied("您无权进行此操作。")
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("缺少版本号")
    args = [request.user, report, form.cleaned_data["version"]]
    if action == "return":
        args.append(form.cleaned_data.get("reason") or "")
    try:
        func(*args)
    except report_actions.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
def report_download(request, pk: int, fmt: str):
    report, _, _ = _get_report_for_user(request.user, pk)
    if fmt not in DOCUMENT_FORMATS:
        return HttpResponseBadRequest("不支持的格式")
    org = report.inspection.organisation
    what = f"{org.short_name or org.name}{report.inspection.get_kind_display()}整改情况报告"
    name = document_filename(what, timezone.localdate(report.created_at), fmt)
    return _office_file(request, render_docx(thawed(report.content)), name, report)


@login_required
def closure_sheet(request, pk: int, fmt: str):
    """The 对账销号单 of one closed measure."""
    measure, _ = get_measure_for_user(request.user, pk)
    if fmt not in DOCUMENT_FORMATS:
        return HttpResponseBadRequest("不支持的格式")
    sheets = closure_sheets(measures_for(request.user).filter(pk=measure.pk))
    if not sheets:
        messages.error(request, "该措施尚未销号，没有对账销号单。")
        return redirect(measure)
    label = measure.problem.code or f"措施{measure.pk}"
    name = document_filename(
        f"对账销号单-{label}", sheets[0].closed_on or timezone.localdate(), fmt
    )
    return _office_file(request, render_sheets(sheets), name, measure)


@login_required
def closure_sheets_bulk(request, pk: int, fmt: str):
    """Every 对账销号单 of an inspection the user may see, one per page, in one file."""
    inspection, _ = get_inspection_for_user(request.user, pk)
    if fmt not in DOCUMENT_FORMATS:
        return HttpResponseBadRequest("不支持的格式")
    sheets = closure_sheets(measures_for(request.user).filter(problem__inspection=inspection))
    name = document_filename(f"{inspection.title}-对账销号单", timezone.localdate(), fmt)
    return _office_file(request, render_sheets(sheets), name, "publication:list")
