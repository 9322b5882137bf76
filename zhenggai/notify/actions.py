"""State changes of the reminder settings and the bell: each is atomic and audited.

A user's own channels (email, WeCom/DingTalk robot), the test message, and reading
notifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record

from .models import Channel, Notification, OutboundMessage, Preference
from .queue import send_one

SECRET_MASK = "******"  # noqa: S105 - what the audit log shows instead of the secret


@transaction.atomic
def do_set_preferences(
    actor,
    *,
    email_enabled: bool,
    webhook_kind: str,
    webhook_url: str,
    digest: bool,
    email: str | None = None,
    webhook_secret: str = "",
) -> Preference:
    """Save how ``actor`` is reminded (提醒设置), their own email address included
    (``None`` leaves it as it is); the robot's secret is never written to the log."""
    preference = Preference.objects.filter(user=actor).first() or Preference(user=actor)
    before = _state(actor, preference) if preference.pk else {}
    preference.email_enabled, preference.webhook_kind = email_enabled, webhook_kind
    preference.webhook_url, preference.webhook_secret = webhook_url, webhook_secret
    preference.digest = digest
    preference.save()
    if email is not None and email != actor.email:
        actor.email = email
        actor.save(update_fields=["email"])
    record(actor, "notify.preferences", preference, before=before, after=_state(actor, preference))
    return preference


def _state(user, p: Preference) -> dict:
    return {
        "email": user.email,
        "email_enabled": p.email_enabled,
        "webhook_kind": p.webhook_kind,
        "webhook_url": p.webhook_url,
        "webhook_secret": SECRET_MASK if p.webhook_secret else "",
        "digest": p.digest,
    }


@dataclass
class TestResult:
    channel: str
    address: str
    ok: bool
    error: str = ""


def do_send_test(actor) -> list[TestResult]:
    """Send a test message now on each channel the user set; report each outcome."""
    pref = Preference.objects.filter(user=actor).first() or Preference(user=actor)
    targets = []
    if pref.email_enabled and actor.email:
        targets.append((Channel.EMAIL, actor.email))
    if pref.webhook_kind and pref.webhook_url:
        targets.append((Channel(pref.webhook_kind), pref.webhook_url))
    token = uuid.uuid4().hex
    with transaction.atomic():
        rows = [
            OutboundMessage.objects.create(
                key=f"u{actor.pk}|{channel}|test|{token}",
                channel=channel,
                address=address,
                user=actor,
                rung="test",
                episode=token[:20],
                subject="【整改】测试消息",
                body=f"{actor.display_name}，这是一条测试消息：您的提醒设置可以正常接收。",
                queued_on=timezone.localdate(),
            )
            for channel, address in targets
        ]
        record(actor, "notify.test", pref if pref.pk else actor, after={"channels": len(rows)})
    results = []
    for msg in rows:
        send_one(msg)
        results.append(
            TestResult(msg.get_channel_display(), msg.address, msg.status == "sent", msg.last_error)
        )
    return results


@transaction.atomic
def do_read_notification(actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record(actor, "notify.read", notification, measure=notification.measure)
    return notification


@transaction.atomic
def do_read_all(actor) -> int:
    n = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if n:
        record(actor, "notify.read_all", actor, after={"count": n})
    return n
