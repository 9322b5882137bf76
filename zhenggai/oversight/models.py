"""Supervision records: 督导, 专题会议, 督办函, 约谈."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
