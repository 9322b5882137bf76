"""Inspections (巡视/巡察), the aspect tree and the fed-back problems."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from zhenggai.core import limits


class InspectionQuerySet(models.QuerySet):
    def active(self) -> InspectionQuerySet:
        """Inspections not withdrawn: the ones lists, rankings and reminders count."""
        return self.filter(withdrawn_at__isnull=True)


class Withholding(models.TextChoices):
    """Why an item is not for the public (不宜公开); blank means it may be published."""

    NONE = "", "可以公开"
    STATE_SECRET = "state_secret", "国家秘密"
    OPEN_CASE = "open_case", "未结案件"
    PRIVACY = "privacy", "个人隐私"
    HARM = "harm", "可能引发不良影响"
    OTHER = "other", "其他"


class Withholdable(models.Model):
    """Fields of everything the office may keep out of the 社会通报 (the 党内通报 keeps it).

    Set only through ``publication.disclosure.do_set_withholding``.
    """

    withheld = models.CharField(
        "不宜公开", max_length=20, choices=Withholding.choices, blank=True, default=""
    )
    withheld_note = models.CharField("不宜公开说明", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def is_withheld(self) -> bool:
        return bool(self.withheld)

    @property
    def withheld_reason(self) -> str:
        """国家秘密, …, or 其他（the office's words）."""
        if self.withheld == Withholding.OTHER and self.withheld_note:
            return f"其他（{self.withheld_note}）"
        return str(Withholding(self.withheld).label) if self.withheld else ""


def public_only(qs):
    """``qs`` without what is marked 不宜公开 (a measure also without its problem's mark).

    The one rule for every public output: the 社会通报's text and Word file, its
    counts, the ledgers attached to it and the measures offered on the opinion form.
    """
    return qs.filter(public_q(qs.model))


def public_q(model) -> models.Q:
    """The condition of :func:`public_only` for rows of ``model`` (for counting with a filter)."""
    q = models.Q(withheld="")
    if any(f.name == "problem" for f in model._meta.fields):
        q &= models.Q(problem__withheld="")
    return q


class Inspection(models.Model):
    """One round of inspection of an organisation and the rectification it starts.

    ``organisation`` is the inspected organisation whose rectification office runs
    the ledger; ``targets`` lists every organisation the round covered (a town and
    its villages). An inspection entered by mistake is withdrawn (``withdrawn_at``),
    never deleted: it leaves every list and ranking and its audit trail stays.
    """

    class Kind(models.TextChoices):
        XUNSHI = "xunshi", "巡视"
        XUNCHA = "xuncha", "巡察"

    class Variant(models.TextChoices):
        REGULAR = "regular", "常规"
        VILLAGE = "village", "对村"
        SPECIAL = "special", "专项"
        LOOKBACK = "lookback", "回头看"

    title = models.CharField("名称", max_length=limits.INSPECTION_TITLE)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.XUNCHA)
    variant = models.CharField(
        "形式", max_length=10, choices=Variant.choices, default=Variant.REGULAR
    )
    group = models.CharField("巡察组", max_length=limits.GROUP, help_text="如：市委第三巡察组")
    round = models.CharField(
        "轮次", max_length=60, blank=True, help_text="如：十五届县委第三轮巡察（总览按此筛选）"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="被巡察党组织",
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    targets = models.ManyToManyField(
        "orgs.Organisation", verbose_name="巡察对象", related_name="targeted_by", blank=True
    )
    start = models.DateField("进驻日期", null=True, blank=True)
    end = models.DateField("结束日期", null=True, blank=True)
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    concentrated_until = models.DateField(
        "集中整改期截止", null=True, blank=True, help_text="通常为反馈后三个月"
    )
    carried_from = models.ManyToManyField(
        "self", verbose_name="承接的前轮巡察", symmetrical=False, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "orgs.User",
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField("撤回原因", max_length=200, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "巡察"
        verbose_name_plural = "巡察"
        ordering = ["-feedback_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="inspection_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])


class Aspect(models.Model):
    """A heading of the problem tree (方面 → 子方面), e.g. "(一)关于…方面"."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="巡察", on_delete=models.CASCADE, related_name="aspects"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级方面",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    label = models.CharField("序号", max_length=20, blank=True)
    title = models.CharField("标题", max_length=limits.ASPECT_TITLE)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问题方面"
        verbose_name_plural = "问题方面"
        ordering = ["inspection", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class Problem(Withholdable):
    """A problem the inspectors fed back, with the inspectors' own code if any.

    Its status is derived from its measures (:func:`zhenggai.core.lights.problem_status`).
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name="巡察", on_delete=models.PROTECT, related_name="problems"
    )
    aspect = models.ForeignKey(
        Aspect,
        verbose_name="所属方面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    code = models.CharField("反馈编号", max_length=limits.CODE, blank=True, help_text="如：问题3")
    label = models.CharField("序号", max_length=20, blank=True)
    order = models.PositiveIntegerField("排序", default=0)
    title = models.CharField("问题", max_length=limits.PROBLEM_TITLE)
    detail = models.TextField("问题描述", blank=True)
    origin_text = models.TextField("原文", blank=True)
    long_term = models.BooleanField("需长期整改", default=False)
    carried_from = models.ForeignKey(
        "self",
        verbose_name="承接前轮问题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    #: Moved on by every save, a save of chosen fields too (see ``save``): what is kept
    #: of the problems' texts (举一反三's groups) is kept under the latest of these.
    changed_at = models.DateTimeField("修改时间", auto_now=True)
    #: The words 举一反三 compares, kept (``core.similarity.kept_words``) by the tick;
    #: every save sets them aside (""), and words missing or cut by other code are cut
    #: again when needed, so they never stand for an older text.
    words = models.TextField("分词", blank=True, default="", editable=False)

    class Meta(Withholdable.Meta):
        verbose_name = "反馈问题"
        verbose_name_plural = "反馈问题"
        ordering = ["inspection", "order", "id"]
        indexes = [models.Index(fields=["inspection", "code"], name="problem_code_idx")]

    def __str__(self) -> str:
        return f"{self.code or self.label} {self.title}".strip()

    def save(self, *args, **kwargs) -> None:
        self.words = ""
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at", "words"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("inspections:problem", args=[self.pk])


class NoticeImport(models.Model):
    """A parsed document waiting for the office to check it before it enters a ledger.

    The parse is kept so the preview survives a page reload and the office can
    correct it; nothing reaches the ledger until the import is confirmed.
    """

    class Status(models.TextChoices):
        STAGED = "staged", "待确认"
        IMPORTED = "imported", "已导入"

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属组织", on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name="导入到巡察",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    parsed = models.JSONField("解析结果")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.STAGED)
    summary = models.JSONField("导入结果", default=dict, blank=True)
    created_by = models.ForeignKey(
        "orgs.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报导入"
        verbose_name_plural = "通报导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
