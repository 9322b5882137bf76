"""Every change to a notice or an opinion goes through one of these ``do_*`` functions.

Each runs in a transaction, writes an audit event, and changes a notice with a
conditional update on ``Notice.version`` (optimistic locking): an editor who
loaded version 3 cannot overwrite version 4 saved meanwhile by someone else —
they get :class:`StaleNotice` and their text is handed back to them unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.core.notice_docx import render_docx
from zhenggai.lib.withdrawal import AFTER, BEFORE, withdraw_one
from zhenggai.notify import events
from zhenggai.orgs.models import User

from .access import can_approve
from .generate import (
    draft_contacts,
    generated_document,
    ledger_attachments,
    notice_document,
    withheld_in_body,
)
from .models import ContactDetails, Notice, NoticeAttachment, NoticeVersion, PublicComment

Status = Notice.Status

# Unambiguous: no 0/O, 1/I/L. 31 symbols ** 10 ≈ 8·10^14 codes.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10

CONTACT_FIELDS = (
    "disclosure_start",
    "disclosure_end",
    "phone",
    "phone_hours",
    "postal_address",
    "envelope_words",
    "postcode",
    "email",
    "signature",
)


class NoticeError(Exception):
    """A refused notice or opinion action; ``str()`` is the Chinese message shown."""


class StaleNotice(NoticeError):
    """Someone else saved the notice after the editor loaded it."""


def _snapshot(notice: Notice) -> dict:
    return {"status": notice.status, "version": notice.version}


def _stale_message(notice_pk: int) -> str:
    current = Notice.objects.filter(pk=notice_pk).values("version", "status").first() or {}
    return (
        f"该通报已被他人修改（现为第{current.get('version', '?')}版），您的修改没有保存。"
        "您填写的内容仍保留在下方，请打开最新版本核对后再保存。"
    )


def _conditional_update(notice: Notice, expected_version: int, statuses, **changes) -> None:
    """Apply ``changes`` only if nobody changed the notice since ``expected_version``."""
    now = timezone.now()
    changes.setdefault("updated_at", now)
    updated = Notice.objects.filter(
        pk=notice.pk, version=expected_version, status__in=statuses
    ).update(version=expected_version + 1, **changes)
    if updated != 1:
        current = Notice.objects.filter(pk=notice.pk).values("version", "status").first()
        if current and current["version"] != expected_version:
            raise StaleNotice(_stale_message(notice.pk))
        labels = "、".join(str(Status(s).label) for s in statuses)
        raise NoticeError(f"通报当前状态不允许此操作（需处于：{labels}）。")
    for name, value in changes.items():
        setattr(notice, name, value)
    notice.version = expected_version + 1


def _keep_version(actor, notice: Notice, note: str) -> NoticeVersion:
    return NoticeVersion.objects.create(
        notice=notice,
        number=notice.version,
        title=notice.title,
        body=notice.body,
        author=actor,
        note=note,
    )


@transaction.atomic
def do_generate_notice(
    actor,
    inspection,
    *,
    copy_contacts_from: Notice | None = None,
    audience: str = Notice.Audience.PUBLIC,
    note_withheld: bool = False,
) -> Notice:
    """A new draft notice generated from the ledger as it stands, complete: the
    disclosure window from today and the organisation's saved contacts
    (:func:`~.generate.draft_contacts`), or those of ``copy_contacts_from``.
    ``note_withheld`` (a 社会通报 only): its counts say how many problems and
    measures are 不宜公开; regenerating the draft keeps that choice.
    """
    public = audience == Notice.Audience.PUBLIC
    contacts = draft_contacts(inspection, timezone.localdate())
    doc = generated_document(inspection, public=public, note_withheld=note_withheld)
    notice = Notice(
        inspection=inspection,
        title=doc.title,
        body=doc.body_text(),
        status=Status.DRAFT,
        audience=audience,
        note_withheld=public and note_withheld,
        created_by=actor,
        signature=inspection.organisation.name,
    )
    source = copy_contacts_from or contacts
    for name in CONTACT_FIELDS[:-1]:
        setattr(notice, name, getattr(source, name))
    notice.save()
    _keep_version(actor, notice, "由台账生成")
    after = {**_snapshot(notice), "audience": audience, "note_withheld": notice.note_withheld}
    record(actor, "notice.generate", notice, after=after, note="由台账生成通报草稿")
    return notice


@transaction.atomic
def do_save_notice(
    actor, notice: Notice, expected_version: int, *, title: str, body: str, **fields
) -> Notice:
    """Save an edited draft (a new kept version).

    Editing a notice that awaits approval or is approved sends it back to
    draft: the secretary approved a different text. A published notice is not
    edited (a correction is a new notice).
    """
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown notice fields: {sorted(unknown)}")
    before = _snapshot(notice)
    changes = {"title": title, "body": body, **fields}
    editable = [Status.DRAFT, Status.PENDING_APPROVAL, Status.APPROVED]
    if notice.status not in editable and notice.version == expected_version:
        raise NoticeError("通报已发布，不能再修改；如需更正，请生成新的通报。")
    _conditional_update(
        notice,
        expected_version,
        editable,
        status=Status.DRAFT,
        approved_by=None,
        approved_at=None,
        **changes,
    )
    _keep_version(actor, notice, "编辑保存")
    record(actor, "notice.edit", notice, before=before, after=_snapshot(notice), note="修改通报")
    if any(name in fields for name in ContactDetails.FIELDS):
        do_save_contact_details(actor, notice.inspection.organisation, notice)
    return notice


def do_save_contact_details(actor, organisation, source) -> ContactDetails:
    """Keep the channels of ``source`` (a notice) as the organisation's contacts,
    so the next generated draft prints them."""
    details, _ = ContactDetails.objects.get_or_create(organisation=organisation)
    before = {name: getattr(details, name) for name in ContactDetails.FIELDS}
    after = {name: getattr(source, name) for name in ContactDetails.FIELDS}
    if before == after:
        return details
    for name, value in after.items():
        setattr(details, name, value)
    details.updated_at = timezone.now()
    details.save(update_fields=[*ContactDetails.FIELDS, "updated_at"])
    record(actor, "contacts.save", details, before=before, after=after, note="保存通报联系方式")
    return details


@transaction.atomic
def do_regenerate_notice(actor, notice: Notice, expected_version: int) -> Notice:
    """Replace the body with a fresh generation from the ledger (a new kept version)."""
    doc = generated_document(notice.inspection, notice)
    before = _snapshot(notice)
    _conditional_update(
        notice,
        expected_version,
        [Status.DRAFT, Status.PENDING_APPROVAL, Status.APPROVED],
        status=Status.DRAFT,
        body=doc.body_text(),
        approved_by=None,
        approved_at=None,
    )
    _keep_version(actor, notice, "由台账重新生成")
    record(actor, "notice.regenerate", notice, before=before, after=_snapshot(notice))
    return notice


@transaction.atomic
def do_submit_notice(actor, notice: Notice, expected_version: int) -> Notice:
    """The office sends the draft to the secretary for approval."""
    if not notice.body.strip():
        raise NoticeError("通报正文为空，不能提交审批。")
    before = _snapshot(notice)
    _conditional_update(
        notice,
        expected_version,
        [Status.DRAFT],
        status=Status.PENDING_APPROVAL,
        submitted_at=timezone.now(),
        return_reason="",
    )
    record(actor, "notice.submit", notice, before=before, after=_snapshot(notice))
    events.notice_submitted(actor, notice)
    return notice


@transaction.atomic
def do_approve_notice(actor, notice: Notice, expected_version: int) -> Notice:
    """The secretary approves the text as it stands."""
    if not can_approve(actor, notice):
        raise NoticeError("只有被巡察党组织的主要负责人（书记）可以审批通报。")
    before = _snapshot(notice)
    now = timezone.now()
    _conditional_update(
        notice,
        expected_version,
        [Status.PENDING_APPROVAL],
        status=Status.APPROVED,
        approved_by=actor,
        approved_at=now,
    )
    record(actor, "notice.approve", notice, before=before, after=_snapshot(notice))
    return notice


@transaction.atomic
def do_return_notice(actor, notice: Notice, expected_version: int, reason: str) -> Notice:
    """The secretary sends the draft back with a reason."""
    if not can_approve(actor, notice):
        raise NoticeError("只有被巡察党组织的主要负责人（书记）可以退回通报。")
    if not reason.strip():
        raise NoticeError("请填写退回意见。")
    before = _snapshot(notice)
    _conditional_update(
        notice,
        expected_version,
        [Status.PENDING_APPROVAL],
        status=Status.DRAFT,
        return_reason=reason.strip(),
    )
    record(actor, "notice.return", notice, before=before, after=_snapshot(notice), note=reason)
    return notice


def publish_problems(notice: Notice) -> list[str]:
    """What is missing before ``notice`` can be published (empty when ready)."""
    missing = []
    if not notice.is_public:
        missing.append("党内通报不公开发布，请由台账生成社会通报后发布")
    if notice.disclosure_start is None or notice.disclosure_end is None:
        missing.append("请填写公开期限（开始和截止日期）")
    if not (notice.phone or notice.email or notice.postal_address):
        missing.append("请至少填写一种联系方式（电话、邮政信箱或电子邮箱）")
    leaked = withheld_in_body(notice)
    if leaked:
        missing.append(
            "正文仍含有标记为不宜公开的内容（" + "、".join(leaked) + "），请由台账重新生成"
        )
    return missing


@transaction.atomic
def do_publish_notice(actor, notice: Notice, expected_version: int) -> Notice:
    """Publish an approved notice: the Word file is fixed and the portal shows it."""
    missing = publish_problems(notice)
    if missing:
        raise NoticeError("还不能发布：" + "；".join(missing) + "。")
    before = _snapshot(notice)
    now = timezone.now()
    _conditional_update(
        notice, expected_version, [Status.APPROVED], status=Status.PUBLISHED, published_at=now
    )
    data = render_docx(notice_document(notice))
    name = _reserve_file(notice.published_file, f"notice-{notice.pk}-v{notice.version}.docx", data)
    digest = hashlib.sha256(data).hexdigest()
    Notice.objects.filter(pk=notice.pk).update(published_file=name, published_sha256=digest)
    notice.published_file.name, notice.published_sha256 = name, digest
    _fix_attachments(notice)
    record(
        actor,
        "notice.publish",
        notice,
        before=before,
        after={**_snapshot(notice), "published_sha256": digest},
    )
    return notice


def _reserve_file(field_file, filename: str, data: bytes) -> str:
    """Name the file now (the row stores it inside the transaction) and write the bytes
    only once the transaction has committed: a rolled-back publication leaves no file."""
    storage = field_file.storage
    name = storage.get_available_name(field_file.field.generate_filename(None, filename))

    def write() -> None:
        storage.save(name, ContentFile(data))

    transaction.on_commit(write)
    return name


def _fix_attachments(notice: Notice) -> None:
    """Store each sub-unit's ledger as published; the portal serves these files."""
    from zhenggai.exchange.exporting import export_unit_ledger

    for order, (title, unit) in enumerate(ledger_attachments(notice.inspection), start=1):
        data = export_unit_ledger(notice.inspection, unit, public=True)
        attachment = NoticeAttachment(
            notice=notice,
            order=order,
            title=title,
            unit=unit,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        attachment.file.name = _reserve_file(
            attachment.file, f"notice-{notice.pk}-{order}.xlsx", data
        )
        attachment.save()


# ---------------------------------------------------------------------------
# Opinions (意见建议)


def ip_hash(address: str) -> str:
    """A keyed hash of the sender's address, for rate limiting without storing it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"opinion:{address}".encode(), hashlib.sha256).hexdigest()


def new_receipt_code() -> str:
    """A random code of unambiguous letters and digits, unused so far."""
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        if not PublicComment.all_objects.filter(receipt_code=code).exists():
            return code


def normalize_receipt_code(value: str) -> str:
    """What people type back: lower case, spaces and dashes are accepted."""
    return "".join(ch for ch in value.upper() if ch in RECEIPT_ALPHABET)[: RECEIPT_LENGTH + 2]


def opinions_per_hour() -> int:
    return int(settings.ZHENGGAI.get("PUBLIC_OPINIONS_PER_HOUR", 5))


RATE_LIMITED = "您提交得太频繁了，请一小时后再试，或通过电话、信件、电子邮件反映。"


class RateLimited(NoticeError):
    """This sender already sent the hourly maximum."""


def rate_limited(hashed_ip: str) -> bool:
    """True when this sender already sent the hourly maximum (counted in the database,
    so every app server process sees the same count)."""
    since = timezone.now() - dt.timedelta(hours=1)
    # all_objects: withdrawn spam still counts against its sender.
    sent = PublicComment.all_objects.filter(ip_hash=hashed_ip, created_at__gte=since).count()
    return sent >= opinions_per_hour()


def _lock_opinions() -> None:
    """Serialise opinion submissions so the count and the insert happen as one step.

    PostgreSQL: a row lock on the site's published notices (taken in one order, so two
    submissions never deadlock); SQLite: every transaction already starts IMMEDIATE
    (settings), which takes the database's write lock."""
    list(Notice.objects.select_for_update().filter(status=Status.PUBLISHED).order_by("pk"))


@transaction.atomic
def do_submit_opinion(
    notice: Notice, *, text: str, contact: str = "", measure=None, hashed_ip: str = ""
) -> PublicComment:
    """An opinion from the public portal; the window must be open."""
    if notice.status != Status.PUBLISHED:
        raise NoticeError("该通报尚未发布。")
    if notice.window_state(timezone.localdate()) != "open":
        raise NoticeError("公开期限已过（或尚未开始），网上留言已关闭。")
    _lock_opinions()
    if hashed_ip and rate_limited(hashed_ip):
        raise RateLimited(RATE_LIMITED)
    comment = PublicComment.objects.create(
        notice=notice,
        channel=PublicComment.Channel.WEB,
        text=text,
        contact=contact,
        measure=measure,
        problem=measure.problem if measure is not None else None,
        receipt_code=new_receipt_code(),
        ip_hash=hashed_ip,
    )
    record(
        None,
        "opinion.submit",
        comment,
        after={"channel": comment.channel},
        measure=measure,
        note="公众网上留言",
    )
    return comment


@transaction.atomic
def do_record_opinion(
    actor, notice: Notice, *, channel: str, text: str, contact: str = "", measure=None, problem=None
) -> PublicComment:
    """Staff register an opinion that came by phone, post or email."""
    if channel == PublicComment.Channel.WEB:
        raise NoticeError("网上留言由公众自行提交，请选择电话、信件或电子邮件。")
    if measure is not None and problem is None:
        problem = measure.problem
    comment = PublicComment.objects.create(
        notice=notice,
        channel=channel,
        text=text,
        contact=contact,
        measure=measure,
        problem=problem,
        receipt_code=new_receipt_code(),
        recorded_by=actor,
        status=PublicComment.Status.ROUTED
        if (measure or problem)
        else PublicComment.Status.RECEIVED,
    )
    record(
        actor,
        "opinion.record",
        comment,
        after={"channel": channel},
        measure=measure,
        note=f"登记{comment.get_channel_display()}意见",
    )
    return comment


@transaction.atomic
def do_route_opinion(
    actor, comment: PublicComment, *, measure=None, problem=None, unit=None
) -> PublicComment:
    """Route an opinion to the measure, problem or unit it concerns (办理中).

    A measure's lead unit, or the unit named, gets it as a task (see
    :mod:`zhenggai.notify.events`): its text, never the sender's contact.
    """
    if measure is None and problem is None and unit is None:
        raise NoticeError("请选择该意见涉及的整改措施、问题或承办单位。")
    if comment.status == PublicComment.Status.REPLIED:
        raise NoticeError("该意见已答复，不能再转办。")
    if measure is not None:
        problem = measure.problem
        unit = unit or measure.lead_unit
    before = {
        "status": comment.status,
        "measure": comment.measure_id,
        "problem": comment.problem_id,
        "unit": comment.unit_id,
    }
    comment.measure, comment.problem, comment.unit = measure, problem, unit
    comment.status = PublicComment.Status.ROUTED
    comment.save(update_fields=["measure", "problem", "unit", "status"])
    after = {
        "status": comment.status,
        "measure": comment.measure_id,
        "problem": comment.problem_id,
        "unit": comment.unit_id,
    }
    target = f"转交{unit}办理" if unit else "转至相关问题"
    about = f"，涉及“{measure.name}”" if measure else (f"，涉及“{problem}”" if problem else "")
    record(
        actor,
        "opinion.route",
        comment,
        before=before,
        after=after,
        measure=measure,
        note=f"将群众意见（回执码 {comment.receipt_code}）{target}{about}",
    )
    events.opinion_routed(actor, comment, unit.pk if unit else None)
    return comment


def can_draft_reply(user, comment: PublicComment) -> bool:
    """The contacts of the unit an opinion was routed to draft its reply."""
    return (
        user.is_authenticated
        and user.role == User.Role.UNIT
        and comment.unit_id is not None
        and comment.unit_id == user.organisation_id
    )


@transaction.atomic
def do_draft_reply(actor, comment: PublicComment, draft: str) -> PublicComment:
    """The unit proposes a reply; the office approves it (:func:`do_reply_opinion`)."""
    if not can_draft_reply(actor, comment):
        raise NoticeError("只有承办单位可以拟写答复。")
    if comment.status not in (PublicComment.Status.ROUTED, PublicComment.Status.DRAFTED):
        raise NoticeError("该意见当前不在办理中，不能拟写答复。")
    if not draft.strip():
        raise NoticeError("拟答复内容不能为空。")
    before = {"status": comment.status, "reply_draft": comment.reply_draft}
    comment.reply_draft, comment.drafted_by, comment.drafted_at = (
        draft.strip(),
        actor,
        timezone.now(),
    )
    comment.status = PublicComment.Status.DRAFTED
    comment.save(update_fields=["reply_draft", "drafted_by", "drafted_at", "status"])
    record(
        actor,
        "opinion.draft",
        comment,
        before=before,
        after={"status": comment.status, "reply_draft": comment.reply_draft},
        measure=comment.measure,
        note=f"{comment.unit}拟写了群众意见（回执码 {comment.receipt_code}）的答复，待整改办审核",
    )
    events.reply_drafted(actor, comment)
    return comment


@transaction.atomic
def do_reply_opinion(actor, comment: PublicComment, reply: str) -> PublicComment:
    """Answer an opinion; the sender sees the reply with the receipt code."""
    if not reply.strip():
        raise NoticeError("答复内容不能为空。")
    before = {"status": comment.status, "reply": comment.reply}
    from_draft = comment.status == PublicComment.Status.DRAFTED
    comment.reply = reply.strip()
    comment.replied_at = timezone.now()
    comment.replied_by = actor
    comment.status = PublicComment.Status.REPLIED
    comment.save(update_fields=["reply", "replied_at", "replied_by", "status"])
    record(
        actor,
        "opinion.reply",
        comment,
        before=before,
        after={"status": comment.status, "reply": comment.reply},
        measure=comment.measure,
        note=f"审核同意{comment.unit}拟写的答复，答复了群众意见（回执码 {comment.receipt_code}）"
        if from_draft
        else f"答复了群众意见（回执码 {comment.receipt_code}）",
    )
    return comment


@transaction.atomic
def do_withdraw_opinion(
    actor, comment: PublicComment, *, reason: str, seen_status: str = ""
) -> PublicComment:
    """Withdraw an opinion that is spam or was recorded twice: it leaves the opinion lists,
    the units' tasks, the counts and the receipt page; the row stays. ``seen_status`` is
    the status the confirmation page showed: an opinion handled since is not withdrawn."""
    unchanged = {"status": seen_status} if seen_status else {}
    reason = withdraw_one(comment, actor, reason, **unchanged)
    record(
        actor,
        "opinion.withdraw",
        comment,
        before=BEFORE,
        after={**AFTER, "reason": reason},
        measure=comment.measure,
        note=f"已撤回群众意见（回执码 {comment.receipt_code}）：{reason}",
    )
    return comment
