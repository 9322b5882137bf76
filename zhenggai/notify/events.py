"""Telling people what waits for them: one helper, :func:`notify`, and the events.

Each workflow action that asks someone to act calls one function below inside its
transaction. :func:`notify` puts a :class:`Notification` under each recipient's
bell and queues the same event as email and group-robot messages following the
recipient's :class:`Preference`; the messages are sent once the transaction
commits (``transaction.on_commit``), and a failed send stays queued for
``zhenggai tick`` to retry. The texts never carry a public sender's contact.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhenggai.orgs.models import User

from .models import Channel, Notification, OutboundMessage, Preference

Kind = Notification.Kind
HELD, PENDING = OutboundMessage.Status.HELD, OutboundMessage.Status.PENDING


def notify(
    users: Iterable[User | None],
    kind: str,
    *,
    title: str,
    body: str = "",
    url: str = "",
    measure=None,
    key: str = "",
    exclude: User | None = None,
    send: bool = True,
) -> list[Notification]:
    """Notify each (active, distinct) user once; ``key`` makes a repeated call a no-op
    for users who already had it. ``exclude`` (the actor) is not told of their own act.
    ``send=False`` keeps it to the bell (when the reminder ladder already sends it)."""
    wanted = {u.pk: u for u in users if u is not None and u.is_active}
    if exclude is not None:
        wanted.pop(exclude.pk, None)
    fields = {"kind": kind, "title": title[:200], "body": body, "url": url, "measure": measure}
    made = _bells([(list(wanted.values()), key, fields)])
    if made and send:
        users_told = [n.user for n in made]
        _queue_messages(users_told, title, body, url, measure, key or uuid.uuid4().hex)
    return made


def _bells(batch: list[tuple[list[User], str, dict]]) -> list[Notification]:
    """Bell notifications for many events in two queries: ``(users, key, fields)`` each;
    a user who already had an event's ``key`` does not get it again."""
    keys = {key for _, key, _ in batch if key}
    had = set(
        Notification.objects.filter(key__in=keys).values_list("user_id", "key") if keys else ()
    )
    rows = [
        Notification(user=user, key=key, **fields)
        for users, key, fields in batch
        for user in {u.pk: u for u in users}.values()
        if not (key and (user.pk, key) in had)
    ]
    return Notification.objects.bulk_create(rows, batch_size=1000) if rows else []


def _queue_messages(users: list[User], title, body, url, measure, token: str) -> None:
    prefs = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    site = settings.ZHENGGAI["SITE_URL"].rstrip("/")
    text = "\n".join(part for part in (body, f"{site}{url}" if url else "") if part)
    today = timezone.localdate()
    rows = []
    for user in users:
        pref = prefs.get(user.pk) or Preference(user=user)
        channels = []
        if pref.email_enabled and user.email:
            channels.append((Channel.EMAIL, user.email))
        if pref.webhook_kind and pref.webhook_url:
            channels.append((pref.webhook_kind, pref.webhook_url))
        rows += [
            OutboundMessage(
                key=f"u{user.pk}|{channel}|event|{token}"[:200],
                channel=channel,
                address=address,
                user=user,
                measure=measure,
                rung="event",
                episode=token[:20],
                subject=f"【整改】{title}"[:200],
                body=text,
                status=HELD if pref.digest else PENDING,
                queued_on=today,
            )
            for channel, address in channels
        ]
    if not rows:
        return
    OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if settings.ZHENGGAI["NOTIFY_SEND_ON_COMMIT"]:
        keys = [r.key for r in rows if r.status == OutboundMessage.Status.PENDING]
        transaction.on_commit(lambda: _send_keys(keys))


def _send_keys(keys: list[str]) -> None:
    from .queue import send_due

    ids = list(OutboundMessage.objects.filter(key__in=keys).values_list("pk", flat=True))
    if ids:
        send_due(ids)


# ------------------------------------------------------------------ who


def unit_contacts(org_id: int | None) -> list[User]:
    """The contacts (联络员) of a unit, who act on its measures."""
    if not org_id:
        return []
    return list(User.objects.filter(organisation_id=org_id, role=User.Role.UNIT, is_active=True))


def office_of(inspection) -> list[User]:
    """The rectification office (整改办) of the inspected organisation."""
    return list(
        User.objects.filter(
            organisation_id=inspection.organisation_id, role=User.Role.OFFICE, is_active=True
        )
    )


def _measure_url(measure) -> str:
    return reverse("ledger:measure", args=[measure.pk])


# ------------------------------------------------------------------ events


def measure_assigned(actor, measure, *, before_unit: int | None = None, before_leader=None):
    """A measure got (or changed) its lead unit or leader: tell the new ones."""
    deadline = f"，时限 {measure.deadline:%Y-%m-%d}" if measure.deadline else ""
    common = {
        "body": f"{measure.text[:200]}{deadline}",
        "url": _measure_url(measure),
        "measure": measure,
        "exclude": actor,
    }
    if measure.lead_unit_id and measure.lead_unit_id != before_unit:
        notify(
            unit_contacts(measure.lead_unit_id),
            Kind.ASSIGNED,
            title=f"新交办整改措施：{measure.name}",
            **common,
        )
    if measure.leader_id and measure.leader_id != before_leader:
        notify([measure.leader], Kind.ASSIGNED, title=f"您为责任领导：{measure.name}", **common)


def closure_requested(actor, closure):
    measure = closure.measure
    notify(
        office_of(measure.problem.inspection),
        Kind.REVIEW,
        title=f"销号申请待审核：{measure.name}",
        body=closure.note[:300],
        url=reverse("ledger:closure_review", args=[closure.pk]),
        measure=measure,
        exclude=actor,
    )


def closure_accepted(actor, closure):
    measure = closure.measure
    notify(
        [closure.submitted_by, *unit_contacts(measure.lead_unit_id)],
        Kind.ACCEPTED,
        title=f"销号申请已通过整改办审核，待领导审批：{measure.name}",
        url=_measure_url(measure),
        measure=measure,
        exclude=actor,
    )
    notify(
        [measure.leader],
        Kind.APPROVAL,
        title=f"销号待您审批：{measure.name}",
        body=closure.note[:300],
        url=reverse("ledger:closure_approve", args=[closure.pk]),
        measure=measure,
        exclude=actor,
    )


def closure_returned(actor, closure, reason: str, by: str):
    measure = closure.measure
    notify(
        [closure.submitted_by, *unit_contacts(measure.lead_unit_id)],
        Kind.RETURNED,
        title=f"销号申请被{by}：{measure.name}",
        body=f"理由：{reason[:300]}",
        url=_measure_url(measure),
        measure=measure,
        exclude=actor,
    )


def closure_approved(actor, closure):
    measure = closure.measure
    notify(
        [closure.submitted_by, *unit_contacts(measure.lead_unit_id)],
        Kind.APPROVED,
        title=f"已批准销号：{measure.name}",
        url=_measure_url(measure),
        measure=measure,
        exclude=actor,
    )


def measure_relapsed(actor, measure, note: str):
    """A look-back found a relapse: the office must set a new deadline."""
    notify(
        office_of(measure.problem.inspection),
        Kind.RELAPSE,
        title=f"回头看发现反弹回潮，请重新确定整改时限：{measure.name}",
        body=note[:300],
        url=reverse("ledger:measure_edit", args=[measure.pk]),
        measure=measure,
        exclude=actor,
    )
    notify(
        unit_contacts(measure.lead_unit_id),
        Kind.RELAPSE,
        title=f"回头看发现反弹回潮，措施已重新打开：{measure.name}",
        body=note[:300],
        url=_measure_url(measure),
        measure=measure,
        exclude=actor,
    )


def opinion_routed(actor, comment, unit_id: int | None):
    """A public opinion became a task of a unit: its text, never the sender's contact."""
    measure = comment.measure
    notify(
        unit_contacts(unit_id),
        Kind.OPINION,
        title=f"群众意见转办：{measure.name if measure else '请研究答复'}",
        body=comment.text[:500],
        url=reverse("publication:opinion", args=[comment.pk]),
        measure=measure,
        exclude=actor,
    )


def reply_drafted(actor, comment):
    notify(
        office_of(comment.notice.inspection),
        Kind.REPLY,
        title=f"意见答复待审核（回执码 {comment.receipt_code}）",
        body=comment.reply_draft[:500],
        url=reverse("publication:opinion", args=[comment.pk]),
        measure=comment.measure,
        exclude=actor,
    )


def red_lights(measures: list, today) -> int:
    """Measures that turned red today: the bell of each one's unit contacts and leader
    (the reminder ladder's red rung already sends the email and robot messages), in
    three queries however many turned red."""
    contacts: dict[int, list[User]] = {}
    for user in User.objects.filter(
        organisation_id__in={m.lead_unit_id for m in measures if m.lead_unit_id},
        role=User.Role.UNIT,
        is_active=True,
    ):
        contacts.setdefault(user.organisation_id, []).append(user)
    batch = [
        (
            [u for u in (*contacts.get(m.lead_unit_id, ()), m.leader) if u and u.is_active],
            f"red|m{m.pk}|{today.isoformat()}",
            {
                "kind": Kind.RED,
                "title": f"红灯：已超过整改时限 {m.deadline or ''}：{m.name}"[:200],
                "url": _measure_url(m),
                "measure": m,
            },
        )
        for m in measures
    ]
    return len(_bells(batch))


def recheck_due(recheck) -> int:
    """A look-back is due: the office's bell shows it once per re-check (the message
    itself goes out on the reminder ladder, with its daily limit and digest)."""
    measure = recheck.measure
    return len(
        notify(
            office_of(measure.problem.inspection),
            Kind.RECHECK,
            title=f"回头看复查到期（{recheck.due:%Y-%m-%d}）：{measure.name}",
            url=reverse("ledger:recheck_record", args=[recheck.pk]),
            measure=measure,
            key=f"recheck|{recheck.pk}",
            send=False,  # the ladder's "recheck" rung sends the email and robot message
        )
    )


def secretaries(organisation) -> list[User]:
    """Who approves the organisation's notice: its head (书记), else its leaders
    (the rule of :func:`zhenggai.publication.access.can_approve`)."""
    if organisation.head_id:
        return list(User.objects.filter(pk=organisation.head_id, is_active=True))
    return list(
        User.objects.filter(organisation=organisation, role=User.Role.LEADER, is_active=True)
    )


def notice_submitted(actor, notice):
    notify(
        secretaries(notice.inspection.organisation),
        Kind.NOTICE,
        title=f"整改通报待您审批：{notice.title}",
        url=reverse("publication:notice", args=[notice.pk]),
        exclude=actor,
    )
