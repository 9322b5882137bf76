"""State changes of the reminder settings. Each is atomic and audited."""

from __future__ import annotations

from django.db import transaction

from zhenggai.audit.log import record

from .models import Preference


@transaction.atomic
def do_set_preferences(
    actor, *, email_enabled: bool, webhook_kind: str, webhook_url: str, digest: bool
) -> Preference:
    """Save how ``actor`` is reminded (提醒设置)."""
    preference = Preference.objects.filter(user=actor).first() or Preference(user=actor)
    after = {
        "email_enabled": email_enabled,
        "webhook_kind": webhook_kind,
        "webhook_url": webhook_url,
        "digest": digest,
    }
    for name, value in after.items():
        setattr(preference, name, value)
    preference.save()
    record(actor, "notify.preferences", preference, after={k: str(v) for k, v in after.items()})
    return preference
