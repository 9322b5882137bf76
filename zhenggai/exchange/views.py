"""Downloading ledgers as Excel, and importing a ledger: upload → mapping and preview → confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhenggai.access import get_inspection_for_user, require
from zhenggai.core import excel
from zhenggai.core import ledger_import as li
from zhenggai.core.indicators import export_pairs
from zhenggai.core.workdays import BASE_HELP
from zhenggai.lib.downloads import streamed_download
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.pages import today
from zhenggai.orgs.models import Organisation
from zhenggai.oversight.indicators import inspection_indicators

from . import actions, exporting
from .access import get_import_for_user
from .forms import MappingForm, UploadForm
from .importing import ImportRefused

PREVIEW_ROWS = 10


@login_required
def export(request, pk: int, which: str):
    """The ledger or one of the three lists as .xlsx, scoped to what the user may see.

    ``?unit=<id>`` narrows it to one organisation's subtree (a village's ledger).
    """
    inspection, _can_write = get_inspection_for_user(request.user, pk)
    if which not in exporting.LISTS:
        raise Http404("没有这种清单。")
    unit = None
    if request.GET.get("unit"):
        unit = (
            Organisation.objects.filter(inspection.organisation.subtree_q())
            .filter(pk=request.GET["unit"] if request.GET["unit"].isdigit() else 0)
            .first()
        )
        if unit is None:
            raise Http404("没有找到该单位。")
    # The workbook's bytes go out as they are made (core.xlsx): the download starts at
    # once and nothing is held in memory or on disk.
    summary = []
    if which == "ledger" and unit is None and exporting.sees_whole_ledger(request.user):
        summary = export_pairs(inspection_indicators(inspection, today()))
    sheets = exporting.export_sheets(
        inspection, which, user=request.user, unit=unit, summary=summary
    )
    return streamed_download(excel.stream(sheets), exporting.filename_for(inspection, which, unit))


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    require(can_write)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = actions.do_stage_import(
                request.user, inspection, name=upload.name, data=upload.read()
            )
        except WorkflowError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(job)
    context = {"inspection": inspection, "form": form, "working_days_help": BASE_HELP}
    return render(request, "exchange/import_upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request, pk: int):
    """Column mapping and preview; POST saves a changed mapping and previews again."""
    job = get_import_for_user(request.user, pk)
    try:
        plan = actions.load_plan(job)  # re-read from storage on every step
    except li.LedgerFileError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:import_upload", job.inspection_id)
    headers = plan.table.headers
    if request.method == "POST":
        form = MappingForm(request.POST, headers=headers)
        if form.is_valid():
            try:
                actions.do_set_import_mapping(request.user, job, form.mapping())
            except WorkflowError as exc:
                messages.error(request, str(exc))
            return redirect(job)
    else:
        initial = {k: str(v) for k, v in job.mapping.items()}
        form = MappingForm(initial=initial, headers=headers)
    context = {
        "job": job,
        "inspection": job.inspection,
        "form": form,
        "plan": plan,
        # After the import the stored result is shown, not a fresh plan against the new ledger.
        "counts": job.summary if job.summary else (plan.counts if not plan.errors else None),
        "headers": headers,
        "preview": plan.table.rows[:PREVIEW_ROWS],
        "total_rows": len(plan.table.rows),
        "not_imported": [s.label for s in li.FIELDS if not s.imported and s.key in job.mapping],
    }
    return render(request, "exchange/import_review.html", context)


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = get_import_for_user(request.user, pk)
    try:
        counts = actions.do_apply_import(request.user, job)
    except ImportRefused as exc:
        messages.error(
            request, f"文件中有 {len(exc.errors)} 处错误，未导入任何内容，请修改后重新上传。"
        )
        return redirect(job)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(job)
    messages.success(
        request,
        f"导入完成：新增问题 {counts['problems_new']} 个、更新 {counts['problems_updated']} 个；"
        f"新增措施 {counts['measures_new']} 条、更新 {counts['measures_updated']} 条。",
    )
    return redirect("ledger:ledger", job.inspection_id)
