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
        if not (user.is_superuser or user.role == user.Role.ADMIN):
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
        }
        return TemplateResponse(request, "admin/correct_text.html", context)
