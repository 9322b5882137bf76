"""Reminder channels (email, WeCom and DingTalk robots) and the outbound message log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    EMAIL = "email", "邮件"
    WECOM = "wecom", "企业微信"
    DINGTALK = "dingtalk", "钉钉"


WEBHOOK_CHANNELS = [
    (Channel.WECOM, Channel.WECOM.label),
    (Channel.DINGTALK, Channel.DINGTALK.label),
]


class Preference(models.Model):
    """How one user wants to be reminded. Users without a row get email only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notify_preference",
    )
    email_enabled = models.BooleanField("接收邮件提醒", default=True)
    webhook_kind = models.CharField(
        "群机器人类型", max_length=10, choices=WEBHOOK_CHANNELS, blank=True
    )
    webhook_url = models.URLField("群机器人地址", max_length=500, blank=True)
    webhook_secret = models.CharField(
        "加签密钥",
        max_length=200,
        blank=True,
        help_text="钉钉机器人“加签”安全设置的密钥（SEC 开头）；企业微信无需填写",
    )
    digest = models.BooleanField(
        "每日汇总", default=False, help_text="勾选后每天只收到一条汇总消息"
    )

    class Meta:
        verbose_name = "提醒设置"
        verbose_name_plural = "提醒设置"

    def __str__(self) -> str:
        return f"{self.user} 的提醒设置"


class OrgWebhook(models.Model):
    """A group robot of an organisation: it hears about the measures its unit leads
    and, for an inspected organisation, about every red light."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="组织", on_delete=models.CASCADE, related_name="webhooks"
    )
    kind = models.CharField("类型", max_length=10, choices=WEBHOOK_CHANNELS)
    url = models.URLField("地址", max_length=500)
    secret = models.CharField("加签密钥", max_length=200, blank=True, help_text="钉钉“加签”密钥")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位群机器人"
        verbose_name_plural = "单位群机器人"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="orgwebhook_unique_url")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"


class OutboundMessage(models.Model):
    """One reminder to one recipient on one channel — the queue and the record.

    ``key`` (recipient, channel, measure, rung, episode) is unique, so a reminder
    is queued once however often or concurrently ``zhenggai tick`` runs. Failed
    sends stay ``failed`` and are retried by later ticks up to
    ``ZHENGGAI["NOTIFY_MAX_ATTEMPTS"]``. For users who chose the daily digest, the
    reminder rows are ``held`` and then bundled (``digested``) into one digest row.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"
        HELD = "held", "待汇总"
        DIGESTED = "digested", "已汇总"

    key = models.CharField("去重键", max_length=200)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("地址", max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="接收单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    rung = models.CharField("提醒级别", max_length=10)
    episode = models.CharField("周期", max_length=20)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    digest = models.ForeignKey(
        "self",
        verbose_name="所属汇总",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    queued_on = models.DateField("生成日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒消息"
        verbose_name_plural = "提醒消息"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key"], name="outbound_unique_key")]
        indexes = [models.Index(fields=["status", "attempts"], name="outbound_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.subject}"

    @classmethod
    def due_q(cls) -> Q:
        """Rows a tick should (re)send."""
        return Q(status=cls.Status.PENDING) | Q(
            status=cls.Status.FAILED, attempts__lt=settings.ZHENGGAI["NOTIFY_MAX_ATTEMPTS"]
        )


class Notification(models.Model):
    """One thing a person is asked to act on, shown under the bell in the top bar.

    Created by :func:`zhenggai.notify.events.notify` inside the workflow's actions;
    the same event goes out by email and group robot as the user's preferences say.
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "交办"
        REVIEW = "review", "待审核"
        RETURNED = "returned", "退回"
        ACCEPTED = "accepted", "审核通过"
        APPROVAL = "approval", "待审批"
        APPROVED = "approved", "已销号"
        OPINION = "opinion", "意见转办"
        REPLY = "reply", "答复待审核"
        RECHECK = "recheck", "回头看到期"
        RELAPSE = "relapse", "反弹回潮"
        RED = "red", "红灯"
        NOTICE = "notice", "通报待审批"
        TEST = "test", "测试"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    key = models.CharField(
        "去重键", max_length=200, blank=True, help_text="周期性提醒（红灯、回头看）只发一次"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办通知"
        verbose_name_plural = "待办通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
