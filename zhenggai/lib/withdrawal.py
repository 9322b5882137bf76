"""Withdrawing a wrong record (撤回): the one rule for workflow rows entered by mistake.

A withdrawn row is never deleted and its file stays on disk (``verify-history`` keeps
re-hashing it). It leaves every page, total, export and notice because the model's
default manager (``objects``) no longer returns it; ``all_objects`` still does, for
the administrator, the chain check and backups. Each app's ``do_withdraw_*`` action
calls :func:`mark_withdrawn` inside its transaction and writes its own audit event.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone

from .errors import WorkflowError

#: What the history table shows for a withdrawal (``记录 有效 → 已撤回``).
BEFORE = {"record": "有效"}
AFTER = {"record": "已撤回"}


class ActiveManager(models.Manager):
    """Rows not withdrawn: what every page, total, export and notice reads."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """Fields of a workflow record an administrator or the office may withdraw."""

    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField("撤回原因", max_length=200, blank=True)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (a second manager, not a field)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写撤回原因。")
    return reason[:200]


def mark_withdrawn(queryset, actor, reason: str, **also) -> int:
    """Withdraw the rows of ``queryset`` (an ``all_objects`` queryset) not yet withdrawn,
    by a conditional update: of two clicks at once only one finds the row in place.
    ``also``: further fields set in the same update (a version bump)."""
    return queryset.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawal_reason=reason, **also
    )


def withdraw_one(obj, actor, reason: str, **unchanged) -> str:
    """Withdraw ``obj`` if it still has the ``unchanged`` field values the confirmation page
    showed; the checked reason, or :class:`WorkflowError` when the reason is missing, or
    someone withdrew or changed the record first."""
    reason = checked_reason(reason)
    if not mark_withdrawn(type(obj).all_objects.filter(pk=obj.pk, **unchanged), actor, reason):
        if unchanged and not type(obj).all_objects.filter(pk=obj.pk).exclude(**unchanged).exists():
            raise WorkflowError("该记录已经撤回。")
        raise WorkflowError(
            "该记录已经撤回，或在您打开确认页后已被他人办理；请刷新页面查看后再决定是否撤回。"
        )
    obj.withdrawn_at, obj.withdrawn_by, obj.withdrawal_reason = timezone.now(), actor, reason
    return reason


class WithdrawForm(forms.Form):
    """The confirmation page's form: a reason, and the version the page was shown at."""

    reason = forms.CharField(
        label="撤回原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：重复填报、传错了文件、垃圾信息。撤回后不再出现在页面、统计、导出和通报中；"
        "记录和文件都保留，不会删除。",
    )
    version = forms.IntegerField(label="版本", widget=forms.HiddenInput, required=False)
    # For a record without a version (an opinion): the state the page was shown in.
    seen = forms.CharField(label="状态", widget=forms.HiddenInput, required=False)
