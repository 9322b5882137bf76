from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from zhenggai.lib.admin import ReadOnlyAdminMixin

from . import models
from .actions import CORRECTABLE_TEXT, WorkflowError, do_correct_text


class CorrectTextForm(forms.Form):
    text = forms.CharField(label="更正后的内容", widget=forms.Textarea, required=False)
    reason = forms.CharField(label="更正原因", max_length=200)


class CorrectTextAdminMixin:
    """A “更正” page beside the read-only view: the administrator's one legitimate
    edit of a workflow record, made through :func:`~zhenggai.ledger.actions.do_correct_text`
    so that it lands in the audit chain."""

    change_form_template = "admin/correct_text_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/correct/<str:field>/",
                self.admin_site.admin_view(self.correct_view),
                name=f"{opts.app_label}_{opts.model_name}_correct",
            ),
            *super().get_urls(),
        ]

    def _fields(self):
        return [
            (f, self.model._meta.get_field(f).verbose_name) for f in CORRECTABLE_TEXT[self.model]
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {**(extra_context or {}), "correctable": self._fields()}
        return super().change_view(request, object_id, form_url, extra)

    def correct_view(self, request, object_id, field):
        if not (request.user.is_superuser or request.user.role == request.user.Role.ADMIN):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=object_id)
        labels = dict(self._fields())
        if field not in labels:
            raise PermissionDenied
        opts = self.model._meta
        form = CorrectTextForm(request.POST or None, initial={"text": getattr(obj, field)})
        limit = opts.get_field(field).max_length
        if form.is_valid():
            if limit and len(form.cleaned_data["text"].strip()) > limit:
                form.add_error("text", f"不能超过 {limit} 个字。")
            else:
                try:
                    do_correct_text(
                        request.user,
                        obj,
                        field=field,
                        text=form.cleaned_data["text"],
                        reason=form.cleaned_data["reason"],
                    )
                except WorkflowError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已更正{labels[field]}，并记入操作记录。")
                    return redirect(
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[quote(obj.pk)],
                        )
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "form": form,
            "title": f"更正{labels[field]}",
        }
        return TemplateResponse(request, "admin/correct_text.html", context)


@admin.register(models.Measure)
class MeasureAdmin(CorrectTextAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "lead_unit", "leader", "deadline"]
    list_filter = ["kind", "status"]
    search_fields = ["text"]
    raw_id_fields = ["problem", "leader", "lead_unit"]
    filter_horizontal = ["co_units"]


@admin.register(models.Milestone)
class MilestoneAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "measure", "due", "done_on"]
    raw_id_fields = ["measure"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "date", "author"]
    raw_id_fields = ["measure", "author"]


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "measure", "size", "sha256", "uploaded_by"]
    raw_id_fields = ["measure", "update", "closure", "uploaded_by"]


@admin.register(models.ClosureRequest)
class ClosureRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "stage", "submitted_by", "submitted_at"]
    list_filter = ["stage"]
    raw_id_fields = ["measure", "submitted_by", "reviewer", "approver"]


@admin.register(models.Recheck)
class RecheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "due", "result"]
    list_filter = ["result"]
    raw_id_fields = ["measure", "checked_by"]


@admin.register(models.Regulation)
class RegulationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "issued_on", "inspection"]
    filter_horizontal = ["problems"]


@admin.register(models.Accountability)
class AccountabilityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "count", "target", "inspection"]
    filter_horizontal = ["problems"]


@admin.register(models.Recovery)
class RecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "amount_wan_yuan", "inspection"]
    filter_horizontal = ["problems"]
