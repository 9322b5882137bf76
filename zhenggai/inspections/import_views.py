"""Importing a notice: upload → preview the parsed tree and correct it → confirm."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhenggai.access import can_import_notices, inspections_for, notice_imports_for, require
from zhenggai.core.notices import NoticeReadError, parse_bytes
from zhenggai.core.text import normalize_text
from zhenggai.exchange.notice_import import do_confirm_notice_import, do_stage_notice_import
from zhenggai.lib.errors import WorkflowError

from .models import NoticeImport

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="通报或反馈意见文件",
        help_text="支持 .txt（UTF-8/GBK/UTF-16）、.html、.docx、带文字层的 .pdf",
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
            notice = parse_bytes(data, upload.name)
        except NoticeReadError as exc:
            form.add_error("file", exc.reason)
        else:
            inspection = form.cleaned_data["inspection"]
            organisation = inspection.organisation if inspection else request.user.organisation
            if organisation is None:
                form.add_error("inspection", "系统管理员请选择要导入到的巡察。")
            else:
                staged = do_stage_notice_import(
                    request.user,
                    organisation=organisation,
                    inspection=inspection,
                    filename=upload.name,
                    data=data,
                    parsed=notice.to_dict(),
                )
                return redirect("inspections:import_preview", pk=staged.pk)
    return render(
        request,
        "inspections/import_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


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
    if request.method == "POST":
        if staged.status == NoticeImport.Status.IMPORTED:
            messages.info(request, "该文件已经导入过，未重复导入。")
            return redirect("ledger:ledger", pk=staged.inspection_id)
        corrected = apply_corrections(staged.parsed, request.POST)
        try:
            inspection, summary = do_confirm_notice_import(request.user, staged, corrected)
        except WorkflowError as exc:
            messages.info(request, str(exc))
            return redirect("ledger:ledger", pk=staged.inspection_id)
        messages.success(request, f"导入完成：{summary.message()}")
        return redirect("ledger:ledger", pk=inspection.pk)
    parsed = staged.parsed
    problems = parsed.get("problems") or []
    context = {
        "staged": staged,
        "parsed": parsed,
        "problems": problems,
        "measure_count": sum(len(p.get("measures") or []) for p in problems),
        "warnings": parsed.get("warnings") or [],
    }
    return render(request, "inspections/import_preview.html", context)
