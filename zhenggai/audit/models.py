"""The audit log: every state change, who made it, before → after, hash-chained."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .codes import ACTION_LABELS

#: The one domain model an event may point at directly (a lazy reference by name; audit
#: imports no domain app). Every other object is the generic (object_type, object_id).
MEASURE = "ledger.measure"


class AuditEvent(models.Model):
    """One recorded change. Rows are only ever added (see :mod:`zhenggai.audit.log`)."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=60)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    before = models.JSONField("修改前", default=dict, blank=True)
    after = models.JSONField("修改后", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        constraints = [
            # Two writers racing for the same predecessor cannot both succeed.
            models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_linear"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def label(self) -> str:
        """The action in Chinese, for history tables."""
        return ACTION_LABELS.get(self.action, self.action)

    def payload(self) -> dict:
        """The fields the chain hash commits to."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "measure": self.measure_id,
            "before": self.before,
            "after": self.after,
            "note": self.note,
        }
