"""Staged ledger imports: the uploaded file and the chosen column mapping between steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


def import_path(instance: LedgerImport, filename: str) -> str:
    # Stored under a random name: the uploader's file name is kept in a field only.
    import uuid

    return f"imports/{instance.inspection_id}/{uuid.uuid4().hex}.xlsx"


class LedgerImport(models.Model):
    """One upload of a ledger workbook, from upload through mapping and preview to confirm.

    The file lives in the default storage under ``imports/``; the mapping chosen by
    the user is kept here, so nothing between the steps is trusted from the browser.
    """

    class Status(models.TextChoices):
        STAGED = "staged", "待确认"
        APPLIED = "applied", "已导入"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="ledger_imports",
    )
    file = models.FileField("文件", upload_to=import_path, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    original_name = models.CharField("文件名", max_length=255)
    mapping = models.JSONField("列对应", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.STAGED)
    summary = models.JSONField("导入结果", default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "台账导入"
        verbose_name_plural = "台账导入"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:import_review", args=[self.pk])
