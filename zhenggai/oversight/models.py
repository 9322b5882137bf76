"""Supervision records: 督导, 专题会议, 督办函, 约谈."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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


class SpotCheck(models.Model):
    """A random draw of closed measures for 抽查复核.

    The draw is reproducible: ``population`` is the sorted ids of the closed
    measures at the time, ``seed`` a recorded random value, and the sample is
    ``random.Random(seed).sample(population, size)`` (:func:`zhenggai.core.sampling.draw`),
    so anyone can recompute it and see that nobody picked the items.
    """

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="spot_checks",
    )
    seed = models.CharField("随机种子", max_length=64)
    requested = models.CharField("抽取数量", max_length=20, help_text="如：5 或 20%")
    population = models.JSONField("抽样范围（已销号措施）", default=list)
    sample = models.JSONField("抽中措施", default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查复核"
        verbose_name_plural = "抽查复核"
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"抽查 #{self.pk}（{len(self.sample)} 项）"

    def get_absolute_url(self) -> str:
        return reverse("oversight:spot_check", args=[self.pk])


class SpotCheckItem(models.Model):
    """One drawn measure and the result of checking it; a failure reopens the measure
    through the look-back relapse path (``recheck`` is the relapse it created)."""

    class Result(models.TextChoices):
        PENDING = "pending", "待核查"
        PASSED = "passed", "核查属实"
        FAILED = "failed", "核查不实"

    spot_check = models.ForeignKey(
        SpotCheck, verbose_name="抽查", on_delete=models.PROTECT, related_name="items"
    )
    measure = models.ForeignKey(
        "ledger.Measure", verbose_name="整改措施", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    note = models.TextField("核查情况", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_on = models.DateField("核查日期", null=True, blank=True)
    recheck = models.OneToOneField(
        "ledger.Recheck",
        verbose_name="重新整改",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_item",
    )

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项"
        ordering = ["spot_check", "id"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "measure"], name="spot_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.spot_check} · {self.measure_id}"


class FindingNote(models.Model):
    """The office's explanation of a quality finding (说明); the finding then shows as
    explained instead of open. Keyed by rule and record, since findings are computed."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="finding_notes",
    )
    rule = models.CharField("规则", max_length=40)
    key = models.CharField("对象", max_length=80, help_text="如：measure:12")
    note = models.TextField("说明")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="说明人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("说明时间", auto_now_add=True)

    class Meta:
        verbose_name = "质量问题说明"
        verbose_name_plural = "质量问题说明"
        ordering = ["inspection", "rule", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "rule", "key"], name="finding_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.key}"


class SelfCheckTask(models.Model):
    """A 举一反三 self-check issued by the oversight office from a cluster of similar
    problems: it arrives in the organisation's ledger as ``problem`` with one measure."""

    problem = models.OneToOneField(
        "inspections.Problem",
        verbose_name="自查问题",
        on_delete=models.PROTECT,
        related_name="self_check",
    )
    sources = models.ManyToManyField(
        "inspections.Problem", verbose_name="类似问题", related_name="+"
    )
    words = models.CharField("共同关键词", max_length=200, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("交办时间", auto_now_add=True)

    class Meta:
        verbose_name = "举一反三自查"
        verbose_name_plural = "举一反三自查"
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"举一反三：{self.problem}"


class FiguresSnapshot(models.Model):
    """An inspection's figures of one day (its indicator counts, its dashboard), kept so
    that pages spanning a province add up stored rows instead of recounting a million
    measures (issue 15). Not a record: a cache of what the ledger says, written by
    :mod:`zhenggai.oversight.snapshots` only.

    ``fresh`` turns false, and ``generation`` moves on, the moment anything in the
    inspection changes (every action's audit event); a figure computed from data read
    before that change is then not written back.
    """

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    day = models.DateField(null=True)
    fresh = models.BooleanField(default=False)
    generation = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "统计快照"
        verbose_name_plural = "统计快照"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "kind"], name="snapshot_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.kind} {self.day}"
