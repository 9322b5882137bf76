"""Personal API tokens: how scripts and other systems sign in to the REST API."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


def token_digest(token: str) -> str:
    """The stored form of a token. Tokens are 256 random bits, so a plain SHA-256 is
    enough: there is nothing to guess, unlike a password."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A user's API token (接口令牌). Only its SHA-256 is kept; the token itself is shown
    once, when it is made. A token acts with its user's rights and scope, no more;
    revoking it is kept as history, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("开头字符", max_length=12, help_text="用于区分令牌，不能用来登录")
    digest = models.CharField("SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
