"""The one rule for workflow records in ``/admin/``: look, never touch.

Workflow records change only through ``do_*`` actions, which write the audit
chain; an admin form would bypass it. Models whose admin uses
:class:`ReadOnlyAdminMixin` can be listed and viewed, not added, changed or
deleted — not even by a superuser.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .errors import WorkflowError
from .withdrawal import WithdrawForm


class ReadOnlyAdminMixin:
    """Mix into a ``ModelAdmin`` (before it) to make the model view-only in the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CorrectTextForm(forms.Form):
    text = forms.CharField(label="更正后的内容", widget=forms.Textarea, required=False)
    reason = forms.CharField(label="更正原因", max_length=200)


class CorrectTextAdminMixin:
    """A “更正” page beside the read-only view: the administrator's one legitimate edit
    of a workflow record's wording, made through the app's ``do_correct_*`` action so
    that it lands in the audit chain.

    Set ``correct_fields`` and implement ``correct(actor, obj, field, text, reason)``.
    """

    change_form_template = "admin/correct_text_change_form.html"
    correct_fields: tuple[str, ...] = ()

    def correct(self, actor, obj, field: str, text: str, reason: str) -> None:
        raise NotImplementedError

    def get_urls(self):
        opts = self.model._meta  # type: ignore[attr-defined]
        return [
            path(
                "<path:object_id>/correct/<str:field>/",
                self.admin_site.admin_view(self.correct_view),  # type: ignore[attr-defined]
                name=f"{opts.app_label}_{opts.model_name}_correct",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _fields(self) -> list[tuple[str, str]]:
        opts = self.model._meta  # type: ignore[attr-defined]
        return [(f, opts.get_field(f).verbose_name) for f in self.correct_fields]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {**(extra_context or {}), "correctable": self._fields()}
        return super().change_view(request, object_id, form_url, extra)  # type: ignore[misc]

    def correct_view(self, request, object_id, field):
        user = request.user
        if not _is_admin(user):
            raise PermissionDenied
        labels = dict(self._fields())
        if field not in labels:
            raise PermissionDenied
        opts = self.model._meta  # type: ignore[attr-defined]
        obj = get_object_or_404(self.model, pk=object_id)  # type: ignore[attr-defined]
        form = CorrectTextForm(request.POST or None, initial={"text": getattr(obj, field)})
        limit = opts.get_field(field).max_length
        if form.is_valid():
            text, reason = form.cleaned_data["text"], form.cleaned_data["reason"]
            if limit and len(text.strip()) > limit:
                form.add_error("text", f"不能超过 {limit} 个字。")
            else:
                try:
                    self.correct(user, obj, field, text, reason)
                except WorkflowError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已更正{labels[field]}，并记入操作记录。")
                    change = f"admin:{opts.app_label}_{opts.model_name}_change"
                    return redirect(reverse(change, args=[quote(obj.pk)]))
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": opts,
            "original": obj,
            "form": form,
            "title": f"更正{labels[field]}",
            "intro": "工作流记录在后台只读。更正错别字须写明原因，更正前后的内容记入操作记录"
            "（防篡改哈希链）。",
            "submit": "保存更正",
        }
        return TemplateResponse(request, "admin/correct_text.html", context)


def _is_admin(user) -> bool:
    return user.is_superuser or user.role == user.Role.ADMIN


class WithdrawAdminMixin:
    """A “撤回” page beside the read-only view: the administrator withdraws a wrong record
    through the app's ``do_withdraw_*`` action (a reason, the audit chain; nothing deleted,
    files kept). The list shows withdrawn rows too, marked.

    Implement ``withdraw(actor, obj, reason, version)`` and ``version_of(obj)`` (the
    version the confirmation page was shown at; ``0`` when the record has none).
    """

    change_form_template = "admin/correct_text_change_form.html"

    def withdraw(self, actor, obj, reason: str, version: int) -> None:
        raise NotImplementedError

    def version_of(self, obj) -> int:
        return 0

    def get_queryset(self, request):
        return self.model.all_objects.all()  # type: ignore[attr-defined]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "withdrawn_at"]  # type: ignore[misc]

    def get_urls(self):
        opts = self.model._meta  # type: ignore[attr-defined]
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),  # type: ignore[attr-defined]
                name=f"{opts.app_label}_{opts.model_name}_withdraw",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {**(extra_context or {}), "withdrawable": True}
        return super().change_view(request, object_id, form_url, extra)  # type: ignore[misc]

    def withdraw_view(self, request, object_id):
        if not _is_admin(request.user):
            raise PermissionDenied
        opts = self.model._meta  # type: ignore[attr-defined]
        obj = get_object_or_404(self.model.all_objects, pk=object_id)  # type: ignore[attr-defined]
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        if obj.is_withdrawn:
            messages.info(request, f"该记录已于 {obj.withdrawn_at:%Y-%m-%d %H:%M} 撤回。")
            return redirect(change)
        form = WithdrawForm(request.POST or None, initial={"version": self.version_of(obj)})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                self.withdraw(request.user, obj, d["reason"], d["version"] or 0)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已撤回，并记入操作记录；记录和文件都保留。")
                return redirect(change)
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": opts,
            "original": obj,
            "form": form,
            "title": f"撤回{opts.verbose_name}",
            "intro": "确认撤回这条记录？撤回后它不再出现在业务页面、统计、导出和通报中；"
            "记录、文件和撤回原因都保留在操作记录（防篡改哈希链）中，不会删除。",
            "submit": "确认撤回",
        }
        return TemplateResponse(request, "admin/correct_text.html", context)
