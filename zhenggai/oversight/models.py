"""Supervision records: 督导, 专题会议, 督办函, 约谈."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhenggai.orgs.policy import EscalationPolicy

__all__ = ["EscalationPolicy"]  # stored in this app; defined beside the organisation


class Supervision(models.Model):
    """A supervision action, linked to the units and measures it concerned."""

    class Kind(models.TextChoices):
        VISIT = "visit", "督导"
        MEETING = "meeting", "专题会议"
        LETTER = "letter", "督办函"
        TALK = "talk", "约谈"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    date = models.DateField("日期")
    who = models.CharField("参加人员", max_length=300, blank=True)
    note = models.TextField("情况", blank=True)
    units = models.ManyToManyField(
        "orgs.Organisation", verbose_name="涉及单位", blank=True, related_name="supervisions"
    )
    measures = models.ManyToManyField(
        "ledger.Measure", verbose_name="涉及措施", blank=True, related_name="supervisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "督导记录"
        verbose_name_plural = "督导记录"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


def attachment_path(instance: SupervisionAttachment, filename: str) -> str:
    # Stored under the content hash, never under the uploader's name.
    return f"supervision/{instance.sha256[:2]}/{instance.sha256}"


class SupervisionAttachment(models.Model):
    """A file attached to a supervision record (会议纪要, 督办函扫描件…)."""

    supervision = models.ForeignKey(
        Supervision, verbose_name="督导记录", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "督导附件"
        verbose_name_plural = "督导附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LightChange(models.Model):
    """A change of a measure's light, written by ``zhenggai tick`` (light history).

    Only changes are stored; the light on any day is the latest row on or before it.
    """

    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        on_delete=models.CASCADE,
        related_name="light_changes",
    )
    date = models.DateField("日期")
    light = models.CharField("灯色", max_length=10)
    previous = models.CharField("原灯色", max_length=10, blank=True)

    class Meta:
        verbose_name = "灯色变化"
        verbose_name_plural = "灯色变化"
        ordering = ["measure", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="lightchange_one_per_day")
        ]
        indexes = [models.Index(fields=["date", "light"], name="lightchange_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.previous or '—'}→{self.light}"


class Bulletin(models.Model):
    """A periodic bulletin (两周一通报): a frozen snapshot and the changes since the last.

    ``snapshot`` is the plain data of :mod:`zhenggai.core.bulletin`; ``figures`` is
    its comparison with the previous bulletin, frozen too, so that later edits to
    the ledger never rewrite what was reported.
    """

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    number = models.PositiveIntegerField("期数")
    period_start = models.DateField("起始日期", null=True, blank=True)
    period_end = models.DateField("截止日期")
    snapshot = models.JSONField("数据快照")
    figures = models.JSONField("通报数据")
    on_demand = models.BooleanField("临时生成", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作通报"
        verbose_name_plural = "工作通报"
        ordering = ["inspection", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "period_end"], name="bulletin_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"第{self.number}期（{self.period_end:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("oversight:bulletin", args=[self.pk])
