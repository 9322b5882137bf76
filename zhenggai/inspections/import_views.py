"""Importing a notice: upload → preview the parsed tree and correct it → confirm."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhenggai.access import can_import_notices, inspections_for, notice_imports_for, require
from zhenggai.core.notices import NoticeReadError, SpreadsheetGiven, parse_bytes
from zhenggai.core.text import normalize_text
from zhenggai.exchange.actions import do_stage_import
from zhenggai.exchange.notice_choice import ImportChoice
from zhenggai.exchange.notice_import import (
    ImportTooLong,
    do_confirm_notice_import,
    do_stage_notice_import,
    length_errors,
)
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.uploads import expansion_limits

from .models import NoticeImport

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="通报或反馈意见文件",
        help_text="支持 .txt（UTF-8/GBK/UTF-16）、.html、.docx、带文字层的 .pdf；"
        "Excel 台账（.xlsx）请选择“导入到”的巡察，将转入台账导入",
    )
    inspection = forms.ModelChoiceField(
        label="导入到",
        queryset=None,
        required=False,
        empty_label="新建一轮巡察（按文件中的巡察信息）",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections_for(user).order_by("-feedback_date")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过 20 MB，请确认是否为通报正文。")
        return upload


@login_required
def import_upload(request):
    require(can_import_notices(request.user))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            notice = parse_bytes(data, upload.name, expansion_limits())
        except SpreadsheetGiven:
            handed = _hand_to_ledger_import(request, form, upload.name, data)
            if handed is not None:
                return handed
        except NoticeReadError as exc:
            form.add_error("file", exc.reason)
        else:
            inspection = form.cleaned_data["inspection"]
            organisation = inspection.organisation if inspection else request.user.organisation
            if organisation is None:
                form.add_error("inspection", "系统管理员请选择要导入到的巡察。")
            else:
                try:
                    staged = do_stage_notice_import(
                        request.user,
                        organisation=organisation,
                        inspection=inspection,
                        filename=upload.name,
                        data=data,
                        parsed=notice.to_dict(),
                    )
                except WorkflowError as exc:
                    form.add_error("file", str(exc))
                else:
                    return redirect("inspections:import_preview", pk=staged.pk)
    return render(
        request,
        "inspections/import_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _hand_to_ledger_import(request, form, name: str, data: bytes):
    """An Excel ledger dropped on the notice import goes to the ledger import of the
    chosen inspection (its column mapping and preview); None when it cannot."""
    inspection = form.cleaned_data["inspection"]
    if inspection is None:
        form.add_error(
            "inspection",
            "这是Excel台账：请在“导入到”中选择要导入的巡察后再上传，系统会转入台账导入。",
        )
        return None
    try:
        job = do_stage_import(request.user, inspection, name=name, data=data)
    except WorkflowError as exc:
        form.add_error("file", str(exc))
        return None
    messages.info(request, "这是Excel台账，已转入台账导入：请核对列对应和预览后确认。")
    return redirect(job)


def apply_corrections(parsed: dict, post) -> dict:
    """The parse with the office's corrections from the preview form applied."""
    result = copy.deepcopy(parsed)
    meta = result.setdefault("inspection", {})
    if "group" in post:
        meta["group"] = normalize_text(post["group"])
    if "title" in post:
        result["title"] = normalize_text(post["title"])
    problems = []
    for i, problem in enumerate(result.get("problems") or []):
        if post.get(f"skip_{i}"):
            continue
        problem["title"] = normalize_text(post.get(f"title_{i}", problem.get("title") or ""))
        problem["code"] = normalize_text(post.get(f"code_{i}", problem.get("code") or "")) or None
        measures = []
        for j, measure in enumerate(problem.get("measures") or []):
            text = post.get(f"m_{i}_{j}", measure.get("text") or "").strip()
            if text:
                measures.append({**measure, "text": text})
        problem["measures"] = measures
        problems.append(problem)
    result["problems"] = problems
    return result


def _preview_rows(problems: list[dict]) -> list[dict]:
    """The problems as the preview shows them: each measure with the lead unit, deadline
    and progress it will get (its own, else its problem's)."""
    rows = []
    for problem in problems:
        measures = [
            {
                **m,
                "unit": m.get("lead_unit") or problem.get("lead_unit"),
                "due": m.get("deadline") or problem.get("deadline"),
                "progress": m.get("progress"),
            }
            for m in problem.get("measures") or []
        ]
        rows.append({**problem, "measures": measures, "progress": problem.get("progress")})
    return rows


@login_required
def import_preview(request, pk: int):
    staged = (
        notice_imports_for(request.user)
        .select_related("inspection", "organisation")
        .filter(pk=pk)
        .first()
    )
    if staged is None:
        raise Http404("没有找到该导入，或您无权查看。")
    if request.method == "POST" and staged.status == NoticeImport.Status.IMPORTED:
        messages.info(request, "该文件已经导入过，未重复导入。")
        return redirect("ledger:ledger", pk=staged.inspection_id)
    choice = ImportChoice(staged)
    errors: list[str] = []
    if request.method == "POST":
        corrected = apply_corrections(staged.parsed, request.POST)
        errors = choice.read(request.POST)
        if not errors:
            try:
                inspection, summary = do_confirm_notice_import(
                    request.user,
                    staged,
                    corrected,
                    inspection=choice.inspection,
                    organisation=choice.organisation,
                    targets=choice.targets,
                    variant=choice.variant,
                )
            except ImportTooLong as exc:
                errors.extend(exc.errors)
            except WorkflowError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, f"导入完成：{summary.message()}")
                return redirect("ledger:ledger", pk=inspection.pk)
    else:
        errors = length_errors(staged.parsed)  # shown before confirm, never a 500 after it
    parsed = staged.parsed
    problems = _preview_rows(parsed.get("problems") or [])
    context = {
        "staged": staged,
        "parsed": parsed,
        "problems": problems,
        "measure_count": sum(len(p.get("measures") or []) for p in problems),
        "warnings": parsed.get("warnings") or [],
        "choice": choice,
        "errors": errors,
    }
    status = 400 if errors and request.method == "POST" else 200
    return render(request, "inspections/import_preview.html", context, status=status)
