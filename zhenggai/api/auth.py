"""Who is calling the API: a personal token (``Authorization: Bearer zg_…``), or the
signed-in browser session (for /api/docs; writes then need the CSRF token)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, token_digest

# Recording every use would write on every read; once a few minutes is enough to
# tell a live token from a forgotten one.
TOUCH_EVERY = dt.timedelta(minutes=5)


class TokenAuth(HttpBearer):
    openapi_description = "个人接口令牌：在“接口令牌”页面创建，`Authorization: Bearer zg_…`"

    def authenticate(self, request, token: str):
        found = ApiToken.objects.active().select_related("user").filter(digest=token_digest(token))
        api_token = found.first()
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class ActiveSessionAuth(SessionAuth):
    """The browser session of an active user (CSRF-checked for writes by ninja)."""

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [TokenAuth(), ActiveSessionAuth()]
