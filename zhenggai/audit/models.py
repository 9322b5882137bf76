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
    # The moment as the chain commits to it (UTC, microseconds): a dump that keeps
    # fewer digits of ``at`` cannot change a hash.
    at_utc = models.CharField("时间（UTC）", max_length=27, default="")
    algorithm = models.CharField("哈希算法", max_length=10, default="")
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
            "at": self.at_utc,
            "actor": self.actor_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "measure": self.measure_id,
            "before": self.before,
            "after": self.after,
            "note": self.note,
        }


class ChainVerification(models.Model):
    """One run of ``zhenggai verify-history``: the chain and every stored file checked.

    The last good run is also the anchor that makes a truncated tail visible: the
    event it ended on must still be there with the same hash.
    """

    class Trigger(models.TextChoices):
        COMMAND = "command", "命令行"
        TICK = "tick", "每日定时"
        PAGE = "page", "页面立即校验"

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")
    day = models.DateField("日期", db_index=True)
    trigger = models.CharField("触发方式", max_length=10, choices=Trigger.choices)
    ok = models.BooleanField("结果完好")
    events_checked = models.PositiveIntegerField("校验记录数", default=0)
    files_checked = models.PositiveIntegerField("校验文件数", default=0)
    last_event_id = models.BigIntegerField("最后一条记录", null=True, blank=True)
    last_hash = models.CharField("最后一条记录的哈希", max_length=64, blank=True)
    first_bad_event_id = models.BigIntegerField("第一条异常记录", null=True, blank=True)
    problems = models.JSONField("发现的问题", default=list, blank=True)

    class Meta:
        verbose_name = "历史校验"
        verbose_name_plural = "历史校验"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'完好' if self.ok else '发现问题'}"
