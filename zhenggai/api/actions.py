"""Making and revoking API tokens: audited like every other change."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.lib.errors import WorkflowError

from .models import ApiToken, token_digest

TOKEN_PREFIX = "zg_"  # noqa: S105 — a marker that says what the string is, not a secret


@transaction.atomic
def do_create_api_token(actor, *, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it with the plain token, which is never stored."""
    name = name.strip()
    if not name:
        raise WorkflowError("请填写令牌用途，如“市巡察平台同步”。")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name[:100], prefix=plain[:10], digest=token_digest(plain)
    )
    record(actor, "api_token.create", token, after={"name": token.name, "prefix": token.prefix})
    return token, plain


@transaction.atomic
def do_revoke_api_token(actor, token: ApiToken) -> ApiToken:
    """Stop ``token`` from working, at once and for good (the row stays as history)."""
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        raise WorkflowError("该令牌已撤销。")
    token.revoked_at = now
    record(actor, "api_token.revoke", token, after={"name": token.name, "prefix": token.prefix})
    return token
