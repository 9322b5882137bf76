"""The public progress notice (整改进展情况的通报) and the public's opinions on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhenggai.lib.withdrawal import Withdrawable


class Notice(models.Model):
    """A progress notice: drafted from the ledger, approved, published for a window.

    ``body`` is the editable text (opening to 四、下一步, one paragraph per line);
    the closing paragraph, attachments, signature and date are rendered from the
    fields below, so the printed window is the one the portal enforces. Every
    saved body is kept as a :class:`NoticeVersion`; ``version`` guards concurrent
    edits (optimistic locking). Only the ``do_*`` actions change the status.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING_APPROVAL = "pending_approval", "待审批"
        APPROVED = "approved", "已审批"
        PUBLISHED = "published", "已发布"

    class Audience(models.TextChoices):
        PUBLIC = "public", "社会通报"
        INTERNAL = "internal", "党内通报"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="notices",
    )
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(
        "通报范围",
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="党内通报含全部内容，不公开发布；社会通报不含标记为不宜公开的内容",
    )
    note_withheld = models.BooleanField(
        "注明不宜公开数量",
        default=False,
        help_text="社会通报的统计数含不宜公开的问题和措施，并注明“其中X项不宜公开”",
    )
    version = models.PositiveIntegerField("版本", default=1)
    disclosure_start = models.DateField("公开开始", null=True, blank=True)
    disclosure_end = models.DateField("公开截止", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    phone_hours = models.CharField("接听时间", max_length=120, blank=True)
    postal_address = models.CharField("通信地址", max_length=200, blank=True)
    envelope_words = models.CharField("信封注明", max_length=120, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    signature = models.CharField("落款", max_length=120, blank=True)
    published_file = models.FileField("发布文件", upload_to="notices/", blank=True)
    # Stored at publication; ``verify-history`` re-hashes the file against it.
    published_sha256 = models.CharField("发布文件 SHA-256", max_length=64, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交审批时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    return_reason = models.TextField("退回意见", blank=True)

    class Meta:
        verbose_name = "整改通报"
        verbose_name_plural = "整改通报"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disclosure_end__isnull=True)
                | models.Q(disclosure_start__isnull=True)
                | models.Q(disclosure_end__gte=models.F("disclosure_start")),
                name="notice_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publication:notice", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        """A 社会通报: what is marked 不宜公开 is left out, and it may be published."""
        return self.audience == self.Audience.PUBLIC

    def window_state(self, today) -> str:
        """ "before", "open" or "closed": the disclosure window against ``today``.

        The window opens and closes by itself: nothing is scheduled, every
        request compares the dates with today's local date.
        """
        if self.disclosure_start is None or self.disclosure_end is None:
            return "closed"
        if today < self.disclosure_start:
            return "before"
        if today > self.disclosure_end:
            return "closed"
        return "open"


class NoticeVersion(models.Model):
    """One saved body of a notice: who saved it and when. Never changed afterwards."""

    notice = models.ForeignKey(
        Notice, verbose_name="通报", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("保存时间", default=timezone.now)

    class Meta:
        verbose_name = "通报版本"
        verbose_name_plural = "通报版本"
        ordering = ["notice", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="notice_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.notice} · 第{self.number}版"


class PublicComment(Withdrawable):
    """An opinion (意见建议) from the public, from the web form or recorded by staff.

    The sender follows it with ``receipt_code``; the office routes it to a
    measure, a problem or a unit. Routed to a unit (directly or through a
    measure's lead unit), it becomes that unit's task: the unit sees the text —
    never ``contact`` — and drafts ``reply_draft``; the office approves the reply,
    which the sender then reads on the receipt page. Actions only.
    """

    class Channel(models.TextChoices):
        WEB = "web", "网上留言"
        PHONE = "phone", "电话"
        POST = "post", "信件"
        EMAIL = "email", "电子邮件"

    class Status(models.TextChoices):
        RECEIVED = "received", "已收到"
        ROUTED = "routed", "办理中"
        DRAFTED = "drafted", "答复待审核"
        REPLIED = "replied", "已答复"

    notice = models.ForeignKey(
        Notice, verbose_name="通报", on_delete=models.PROTECT, related_name="comments"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.WEB)
    text = models.TextField("意见内容", max_length=2000)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    receipt_code = models.CharField("回执码", max_length=16, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="涉及措施",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_comments",
    )
    problem = models.ForeignKey(
        "inspections.Problem",
        verbose_name="涉及问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_comments",
    )
    unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_tasks",
    )
    reply_draft = models.TextField("拟答复", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("拟稿时间", null=True, blank=True)
    reply = models.TextField("答复", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="电话、信件、邮件来的意见由工作人员登记",
    )
    # A keyed hash of the sender's address: enough to rate-limit, not to identify.
    ip_hash = models.CharField("来源摘要", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.receipt_code


class NoticeAttachment(models.Model):
    """An attachment fixed at publication: one sub-unit's ledger as it stood that day.

    The public downloads this file, so what was published cannot change later,
    whatever happens to the live ledger.
    """

    notice = models.ForeignKey(
        Notice, verbose_name="通报", on_delete=models.PROTECT, related_name="attachments"
    )
    order = models.PositiveIntegerField("序号")
    title = models.CharField("附件名称", max_length=300)
    unit = models.ForeignKey(
        "orgs.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="notices/attachments/", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "通报附件"
        verbose_name_plural = "通报附件"
        ordering = ["notice", "order"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "unit"], name="attachment_unit_once"),
        ]

    def __str__(self) -> str:
        return self.title


class ContactDetails(models.Model):
    """An organisation's channels for public opinions, printed in every notice it issues.

    Saved from the last notice the office edited (``do_save_contact_details``), so
    that a newly generated draft is complete: phone and hours, postal box with
    the words for the envelope, postcode and email.
    """

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name="组织",
        on_delete=models.PROTECT,
        related_name="contact_details",
    )
    phone = models.CharField("联系电话", max_length=60, blank=True)
    phone_hours = models.CharField("接听时间", max_length=120, blank=True)
    postal_address = models.CharField("通信地址", max_length=200, blank=True)
    envelope_words = models.CharField("信封注明", max_length=120, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    FIELDS = ("phone", "phone_hours", "postal_address", "envelope_words", "postcode", "email")

    class Meta:
        verbose_name = "通报联系方式"
        verbose_name_plural = "通报联系方式"

    def __str__(self) -> str:
        return f"{self.organisation}的联系方式"


class RectificationReport(models.Model):
    """整改情况报告 to the inspection body: internal, generated from the ledger, approved.

    ``content`` freezes the generated document (title and blocks) so that what
    the secretary approves is what is downloaded and sent, whatever happens to
    the live ledger afterwards; a newer state of the ledger is a new report.
    Only the ``do_*`` report actions change the status.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING_APPROVAL = "pending_approval", "待审批"
        APPROVED = "approved", "已审批"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="reports",
    )
    title = models.CharField("标题", max_length=300)
    content = models.JSONField("报告内容")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交审批时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    return_reason = models.TextField("退回意见", blank=True)

    class Meta:
        verbose_name = "整改情况报告"
        verbose_name_plural = "整改情况报告"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publication:report", args=[self.inspection_id])
