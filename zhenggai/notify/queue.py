"""Queueing reminders for the ladder's rungs, bundling digests, and sending.

The database is the queue: rows of :class:`OutboundMessage` with a unique key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from zhenggai.core.escalation import Audience, Step, digest_text, reminder_text
from zhenggai.orgs.models import Organisation, User

from .models import Channel, OrgWebhook, OutboundMessage, Preference
from .senders import SendError, deliver

Status = OutboundMessage.Status


@dataclass(frozen=True)
class Due:
    """A measure standing on a rung today, with what the message needs to say."""

    measure_id: int
    step: Step
    inspection: str
    inspection_org_id: int
    text: str
    lead_unit_id: int | None
    leader_id: int | None
    deadline: dt.date | None


def _ancestors(org: Organisation) -> list[int]:
    return [int(x) for x in org.path.strip("/").split("/") if x and int(x) != org.pk]


def _people(due: list[Due]) -> tuple[dict, dict, dict, dict]:
    """Handlers by unit (and office users and 巡察办 users by organisation), users by id,
    and unit names and heads — four queries."""
    unit_ids = {d.lead_unit_id for d in due if d.lead_unit_id}
    orgs = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=unit_ids | {d.inspection_org_id for d in due})
    }
    inspected = {d.inspection_org_id for d in due}
    above = {pk for org_id in inspected if org_id in orgs for pk in _ancestors(orgs[org_id])}
    handlers: dict = defaultdict(list)
    for u in User.objects.filter(
        Q(organisation_id__in=unit_ids, role=User.Role.UNIT)
        | Q(organisation_id__in=inspected, role=User.Role.OFFICE)
        | Q(organisation_id__in=above, role=User.Role.OVERSIGHT),
        is_active=True,
    ).order_by("pk"):
        handlers[(u.role, u.organisation_id)].append(u)
    wanted = {d.leader_id for d in due if d.leader_id} | {
        o.head_id for o in orgs.values() if o.head_id
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=wanted, is_active=True)}
    prefs = {
        p.user_id: p
        for p in Preference.objects.filter(
            user_id__in=set(users) | {u.pk for us in handlers.values() for u in us}
        )
    }
    return handlers, users, orgs, prefs


def _recipients(d: Due, handlers, users, orgs) -> list[User]:
    found: list[User] = []
    for audience in d.step.audiences:
        if audience == Audience.HANDLER:
            found += handlers.get((User.Role.UNIT, d.lead_unit_id), [])
        elif audience == Audience.OFFICE:
            found += handlers.get((User.Role.OFFICE, d.inspection_org_id), [])
        elif audience == Audience.OVERSIGHT and d.inspection_org_id in orgs:
            for pk in _ancestors(orgs[d.inspection_org_id]):
                found += handlers.get((User.Role.OVERSIGHT, pk), [])
        elif audience == Audience.LEADER and d.leader_id in users:
            found.append(users[d.leader_id])
        elif audience == Audience.UNIT_HEAD:
            unit = orgs.get(d.lead_unit_id)
            if unit and unit.head_id in users:
                found.append(users[unit.head_id])
        elif audience == Audience.SECRETARY:
            org = orgs.get(d.inspection_org_id)
            if org and org.head_id in users:
                found.append(users[org.head_id])
    unique: dict[int, User] = {u.pk: u for u in found}
    return list(unique.values())


def queue_reminders(due: list[Due], today: dt.date) -> int:
    """Insert one message row per recipient and channel for each due rung; return how
    many rows are new. Existing keys are skipped by the database, not by a read."""
    if not due:
        return 0
    handlers, users, orgs, prefs = _people(due)
    webhooks = defaultdict(list)
    for hook in OrgWebhook.objects.filter(
        active=True,
        organisation_id__in={d.lead_unit_id for d in due} | {d.inspection_org_id for d in due},
    ):
        webhooks[hook.organisation_id].append(hook)
    site = settings.ZHENGGAI["SITE_URL"].rstrip("/")
    rows: list[OutboundMessage] = []
    for d in due:
        unit = orgs.get(d.lead_unit_id)
        subject, body = reminder_text(
            rung=d.step.rung,
            inspection=d.inspection,
            measure=d.text,
            unit=str(unit) if unit else "",
            deadline=d.deadline,
            today=today,
            url=f"{site}/measures/{d.measure_id}/",
        )
        base = f"m{d.measure_id}|{d.step.rung}|{d.step.episode}"
        specs = []  # (recipient key, channel, address, user, organisation, held)
        for user in _recipients(d, handlers, users, orgs):
            pref = prefs.get(user.pk) or Preference(user=user)
            if pref.email_enabled and user.email:
                specs.append((f"u{user.pk}", Channel.EMAIL, user.email, user, None, pref.digest))
            if pref.webhook_kind and pref.webhook_url:
                specs.append(
                    (f"u{user.pk}", pref.webhook_kind, pref.webhook_url, user, None, pref.digest)
                )
        # Group robots: the lead unit's hears every rung of its measures; the
        # inspected organisation's (整改办 group) hears the red ones.
        loud = d.step.rung in ("red", "escalated")
        targets = [d.lead_unit_id] + ([d.inspection_org_id] if loud else [])
        for org_id in dict.fromkeys(t for t in targets if t):
            for hook in webhooks.get(org_id, []):
                specs.append(
                    (f"o{org_id}h{hook.pk}", hook.kind, hook.url, None, orgs[org_id], False)
                )
        rows += [
            OutboundMessage(
                key=f"{who}|{channel}|{base}",
                channel=channel,
                address=address,
                user=user,
                organisation=org,
                measure_id=d.measure_id,
                rung=d.step.rung.value,
                episode=d.step.episode,
                subject=subject,
                body=body,
                status=Status.HELD if held else Status.PENDING,
                queued_on=today,
            )
            for who, channel, address, user, org, held in specs
        ]
    _hold_over_daily_limit(rows, today)
    keys = [row.key for row in rows]
    before = _present(keys)
    OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK)
    return _present(keys) - before


CHUNK = 1000


def _present(keys: list[str]) -> int:
    """How many of ``keys`` are in the queue: indexed look-ups of these keys only, never
    a count of the whole queue (issue 15: that count took 800 s of a province's tick)."""
    return sum(
        OutboundMessage.objects.filter(key__in=keys[i : i + CHUNK]).count()
        for i in range(0, len(keys), CHUNK)
    )


def _hold_over_daily_limit(rows: list[OutboundMessage], today: dt.date) -> None:
    """Beyond ``NOTIFY_DAILY_LIMIT`` messages for one user on one channel today, new
    rows are held for the next daily digest instead of sent one by one (two queries).
    The most urgent rungs keep their place first."""
    limit = settings.ZHENGGAI["NOTIFY_DAILY_LIMIT"]
    personal = [r for r in rows if r.user is not None and r.status == Status.PENDING]
    if not personal:
        return
    existing = set(
        OutboundMessage.objects.filter(key__in=[r.key for r in personal]).values_list(
            "key", flat=True
        )
    )
    used: dict[tuple[int, str], int] = defaultdict(int)
    for user_id, channel, n in (
        OutboundMessage.objects.filter(queued_on=today, user_id__in={r.user.pk for r in personal})
        .exclude(rung="digest")
        .exclude(status__in=[Status.HELD, Status.DIGESTED])
        .values_list("user_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        used[(user_id, channel)] = n
    urgency = ["escalated", "red", "yellow", "stale", "recheck", "notice"]
    personal.sort(key=lambda r: urgency.index(r.rung) if r.rung in urgency else len(urgency))
    for row in personal:
        if row.key in existing:
            continue
        slot = (row.user.pk, row.channel)
        if used[slot] >= limit:
            row.status = Status.HELD
        else:
            used[slot] += 1


def queue_integrity_alert(problems: list[str], today: dt.date, ref: str) -> int:
    """Tell every administrator and every 整改办 that the history check failed.

    Urgent, so never held for a digest; ``ref`` (the verification's id) makes the
    alert of one check queue once however often the tick runs.
    """
    users = User.objects.filter(is_active=True).filter(
        Q(role__in=[User.Role.ADMIN, User.Role.OFFICE]) | Q(is_superuser=True)
    )
    prefs = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    subject = "【重要】操作记录校验未通过"
    found = f"{today:%Y年%m月%d日}的每日校验发现 {len(problems)} 处问题"
    advice = "历史记录可能被改动。请立即运行 zhenggai verify-history 核查，并与可信备份比对。"
    # The details can name other organisations' records: only administrators get them,
    # as on the 历史校验 page.
    detailed = "\n".join([f"{found}：", *problems[:20], advice])
    brief = "\n".join([f"{found}，详情见系统的“历史校验”页（仅管理员可见明细）。", advice])
    rows = []
    for user in users.order_by("pk"):
        body = detailed if user.is_superuser or user.role == User.Role.ADMIN else brief
        pref = prefs.get(user.pk) or Preference(user=user)
        channels = [(Channel.EMAIL, user.email)] if pref.email_enabled and user.email else []
        if pref.webhook_kind and pref.webhook_url:
            channels.append((pref.webhook_kind, pref.webhook_url))
        rows += [
            OutboundMessage(
                key=f"u{user.pk}|{channel}|integrity|{ref}",
                channel=channel,
                address=address,
                user=user,
                rung="integrity",
                episode=today.isoformat(),
                subject=subject,
                body=body,
                queued_on=today,
            )
            for channel, address in channels
        ]
    created = OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def bundle_digests(today: dt.date) -> int:
    """One digest per user and channel per day from their held reminders.

    Reminders held after today's digest went out wait for tomorrow's.
    """
    made = 0
    held = (
        OutboundMessage.objects.filter(status=Status.HELD, digest__isnull=True)
        .values_list("user_id", "channel", "address")
        .distinct()
        .order_by()
    )
    for user_id, channel, address in list(held):
        key = f"u{user_id}|{channel}|digest|{today.isoformat()}"
        with transaction.atomic():
            if OutboundMessage.objects.filter(key=key).exists():
                continue
            items = list(
                OutboundMessage.objects.select_for_update()
                .filter(status=Status.HELD, digest__isnull=True, user_id=user_id, channel=channel)
                .order_by("pk")
            )
            if not items:
                continue
            subject, body = digest_text([(m.subject, m.body) for m in items], today)
            digest, created = OutboundMessage.objects.get_or_create(
                key=key,
                defaults={
                    "channel": channel,
                    "address": address,
                    "user_id": user_id,
                    "rung": "digest",
                    "episode": today.isoformat(),
                    "subject": subject,
                    "body": body,
                    "queued_on": today,
                },
            )
            if created:
                OutboundMessage.objects.filter(pk__in=[m.pk for m in items]).update(
                    status=Status.DIGESTED, digest=digest
                )
                made += 1
    return made


STUCK_AFTER = dt.timedelta(minutes=15)


def recover_interrupted() -> int:
    """Rows left "sending" by a tick that died mid-send go back to the retry queue.

    Whether such a message reached its channel is unknown; a late red-light
    escalation that is never sent is the worse failure, so it is retried.
    """
    return OutboundMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=timezone.now() - STUCK_AFTER
    ).update(status=Status.FAILED, last_error="发送过程中断（进程退出），将重试")


def _secret(msg: OutboundMessage) -> str:
    """DingTalk's signing secret for the robot this row goes to (one query)."""
    if msg.channel != Channel.DINGTALK:
        return ""
    if msg.user_id:
        rows = Preference.objects.filter(user_id=msg.user_id, webhook_url=msg.address)
        return rows.values_list("webhook_secret", flat=True).first() or ""
    rows = OrgWebhook.objects.filter(organisation_id=msg.organisation_id, url=msg.address)
    return rows.values_list("secret", flat=True).first() or ""


def send_one(msg: OutboundMessage) -> bool | None:
    """Claim and send one row: True sent, False failed, None if another sender has it.

    The claim is a conditional update (status and attempts unchanged since we read
    them), so two senders running at once never send a row twice.
    """
    claimed = OutboundMessage.objects.filter(
        pk=msg.pk, status=msg.status, attempts=msg.attempts
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now())
    if not claimed:
        return None
    try:
        deliver(msg.channel, msg.address, msg.subject, msg.body, _secret(msg))
    except SendError as exc:
        OutboundMessage.objects.filter(pk=msg.pk).update(
            status=Status.FAILED, last_error=str(exc)[:2000]
        )
        msg.status, msg.last_error = Status.FAILED, str(exc)
        return False
    OutboundMessage.objects.filter(pk=msg.pk).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    msg.status = Status.SENT
    return True


def send_due(ids=None) -> tuple[int, int]:
    """Send pending rows and retry failed ones (only ``ids`` if given); return (sent, failed)."""
    sent = failed = 0
    recover_interrupted()
    rows = OutboundMessage.objects.filter(OutboundMessage.due_q())
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for msg in _in_chunks(rows):
        outcome = send_one(msg)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def _in_chunks(rows):
    """``rows`` in pk order, read CHUNK at a time so a province's queue is never held
    in memory at once."""
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk")[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].pk
