"""The bell in the top bar: how many notifications the user has not read (one query)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .models import Notification


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
