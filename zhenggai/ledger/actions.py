"""Every state change of the rectification workflow, one ``do_*`` function each.

Each action runs in a transaction, takes the acting user, writes an
:class:`~zhenggai.audit.models.AuditEvent` (before → after) and saves with
``update_fields``. Measure changes are conditional updates on ``version``
(optimistic locking): a second editor working from an old version gets
:class:`StaleEdit` and nothing is overwritten. Nothing here deletes a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.core.filetypes import FileTypeError, check_upload
from zhenggai.core.workdays import add_months
from zhenggai.inspections.models import Problem
from zhenggai.lib.corrections import checked_correction
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.withdrawal import AFTER, BEFORE, checked_reason, mark_withdrawn, withdraw_one
from zhenggai.notify import events

from .models import (
    Accountability,
    ClosureRequest,
    Evidence,
    Measure,
    Milestone,
    ProgressUpdate,
    Recheck,
    Recovery,
    Regulation,
)

S = Measure.Status


class StaleEdit(WorkflowError):
    """Someone else changed the measure since this user loaded it."""

    def __init__(self, measure: Measure):
        super().__init__(
            f"该整改措施已被他人修改（当前为第 {measure.version} 版），您的修改未保存。"
            "请刷新页面查看最新内容后重新提交；您填写的内容仍保留在表单中。"
        )
        self.current = measure


@dataclass
class Upload:
    """A file to store as evidence: its name as uploaded and its bytes."""

    name: str
    data: bytes


def _measure_state(m: Measure) -> dict:
    return {
        "text": m.text,
        "group": m.group,
        "kind": m.kind,
        "leader": m.leader_id,
        "lead_unit": m.lead_unit_id,
        "co_units": sorted(m.co_units.values_list("pk", flat=True)) if m.pk else [],
        "deadline": m.deadline.isoformat() if m.deadline else None,
        "status": m.status,
        "version": m.version,
    }


def _conditional_update(measure: Measure, expected_version: int, **changes) -> Measure:
    """Apply ``changes`` only if the row still has ``expected_version``; bump the version."""
    rows = Measure.objects.filter(pk=measure.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    current = Measure.objects.get(pk=measure.pk)
    if rows == 0:
        raise StaleEdit(current)
    return current


def _transition(measure: Measure, allowed_from: Iterable[str], to: str, **changes) -> Measure:
    allowed = set(allowed_from)
    if measure.status not in allowed:
        labels = "、".join(S(s).label for s in allowed)
        raise WorkflowError(
            f"当前状态为“{measure.get_status_display()}”，只有“{labels}”的措施才能执行此操作。"
        )
    return _conditional_update(measure, measure.version, status=to, **changes)


# ---------------------------------------------------------------- plan (整改办)


@transaction.atomic
def do_create_measure(
    actor,
    problem: Problem,
    *,
    text: str,
    kind: str = Measure.Kind.CONCENTRATED,
    leader=None,
    lead_unit=None,
    co_units: Sequence = (),
    deadline: dt.date | None = None,
    label: str = "",
    group: str = "",
    milestones: Sequence[tuple[str, dt.date]] = (),
) -> Measure:
    order = problem.measures.count()
    measure = Measure.objects.create(
        problem=problem,
        text=text,
        kind=kind,
        leader=leader,
        lead_unit=lead_unit,
        deadline=deadline,
        label=label,
        group=group,
        order=order,
        assigned_on=timezone.localdate(),
    )
    if co_units:
        measure.co_units.set([u for u in co_units if u != lead_unit])
    for i, (title, due) in enumerate(milestones):
        Milestone.objects.create(measure=measure, title=title, due=due, order=i)
    record(actor, "measure.create", measure, after=_measure_state(measure), note="交办整改措施")
    events.measure_assigned(actor, measure)
    return measure


MEASURE_FIELDS = ("text", "kind", "leader", "lead_unit", "deadline", "label", "group")


@transaction.atomic
def do_update_measure(
    actor, measure: Measure, expected_version: int, *, co_units=None, **changes
) -> Measure:
    """Edit the plan of a measure. Refused with :class:`StaleEdit` if another edit came first."""
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"unknown measure fields: {sorted(unknown)}")
    before = _measure_state(measure)
    updated = _conditional_update(measure, expected_version, **changes)
    if co_units is not None:
        updated.co_units.set([u for u in co_units if u.pk != updated.lead_unit_id])
    after = _measure_state(updated)
    record(actor, "measure.update", updated, before=before, after=after, note="修改整改措施")
    events.measure_assigned(
        actor, updated, before_unit=before["lead_unit"], before_leader=before["leader"]
    )
    return updated


@transaction.atomic
def do_bulk_assign(
    actor, measures: Iterable[Measure], *, leader=None, lead_unit=None, deadline=None
) -> int:
    """Give many measures the same leader, lead unit and/or deadline (from the ledger)."""
    changes = {
        k: v
        for k, v in {"leader": leader, "lead_unit": lead_unit, "deadline": deadline}.items()
        if v
    }
    if not changes:
        raise WorkflowError("请至少选择责任领导、牵头单位或整改时限中的一项。")
    count = 0
    for measure in measures:
        do_update_measure(actor, measure, measure.version, **changes)
        count += 1
    return count


@transaction.atomic
def do_add_milestone(actor, measure: Measure, *, title: str, due: dt.date) -> Milestone:
    if measure.kind != Measure.Kind.LONG_TERM:
        raise WorkflowError("只有长期整改的措施才设置阶段目标。")
    milestone = Milestone.objects.create(
        measure=measure, title=title, due=due, order=measure.milestones.count()
    )
    record(
        actor,
        "milestone.create",
        milestone,
        measure=measure,
        after={"title": title, "due": due.isoformat()},
    )
    return milestone


@transaction.atomic
def do_complete_milestone(actor, milestone: Milestone, *, done_on: dt.date) -> Milestone:
    """Long-term items close milestone by milestone; the measure itself may stay open."""
    # Conditional update: of two clicks at once only one finds the milestone open.
    if not Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(done_on=done_on):
        raise WorkflowError("该阶段目标已完成。")
    milestone.done_on = done_on
    record(
        actor,
        "milestone.done",
        milestone,
        measure=milestone.measure,
        after={"done_on": done_on.isoformat()},
        note=f"完成阶段目标：{milestone.title}",
    )
    return milestone


# ---------------------------------------------------------- execution (units)


def _validate(upload: Upload):
    """The upload's real kind, or WorkflowError naming the file and the problem."""
    limit = settings.ZHENGGAI["EVIDENCE_MAX_BYTES"]
    if len(upload.data) > limit:
        raise WorkflowError(
            f"“{upload.name}”大小为 {len(upload.data) / 1048576:.1f} MB，"
            f"超过了 {limit // 1048576} MB 的上限，请压缩或拆分后再上传。"
        )
    try:
        return check_upload(upload.name, upload.data)
    except FileTypeError as exc:
        raise WorkflowError(str(exc)) from exc


def check_uploads(uploads: Sequence[Upload]) -> None:
    """Validate every file before anything is saved, so a bad file saves nothing."""
    for upload in uploads:
        _validate(upload)


def _store_evidence(
    actor, measure: Measure, upload: Upload, *, update=None, closure=None
) -> Evidence:
    kind = _validate(upload)
    digest = hashlib.sha256(upload.data).hexdigest()
    evidence = Evidence(
        measure=measure,
        update=update,
        closure=closure,
        original_name=upload.name[:255],
        content_type=kind.content_type,
        sha256=digest,
        size=len(upload.data),
        uploaded_by=actor,
    )
    evidence.file.save(digest, ContentFile(upload.data), save=False)
    evidence.save()
    record(
        actor,
        "evidence.upload",
        evidence,
        measure=measure,
        after={"name": evidence.original_name, "sha256": digest, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def do_post_progress(
    actor,
    measure: Measure,
    *,
    date: dt.date,
    text: str,
    figures: Sequence[dict] = (),
    files: Sequence[Upload] = (),
    key: str = "",
) -> ProgressUpdate:
    """A unit reports progress. A measure not yet started becomes 推进中.

    ``key`` is the form's idempotency key (a hidden field made when the form is shown):
    the same key from the same author twice makes one row, not two.
    """
    if date > timezone.localdate():
        raise WorkflowError("进展日期不能晚于今天。")
    check_uploads(files)
    # The measure's row is locked for the rest of the transaction: a closure request or a
    # second copy of this post waits, then sees this one (a status read here stays true).
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.status == S.CLOSED:
        raise WorkflowError("该措施已销号，不能再报送进展；如有反弹，请通过回头看重新打开。")
    if key:
        # all_objects: a withdrawn row keeps its key (the unique constraint still holds).
        earlier = ProgressUpdate.all_objects.filter(author=actor, idempotency_key=key).first()
        if earlier is not None:
            return earlier  # the same form submitted twice: one row
    update = ProgressUpdate.objects.create(
        measure=measure,
        date=date,
        text=text,
        figures=list(figures),
        author=actor,
        idempotency_key=key,
    )
    for upload in files:
        _store_evidence(actor, measure, upload, update=update)
    Measure.objects.filter(pk=measure.pk).filter(
        Q(last_progress_on__isnull=True) | Q(last_progress_on__lt=date)
    ).update(last_progress_on=date)
    changes: dict = {}
    # A status change moves the measure: conditional on the status, with a version bump so
    # a stale editor is told.
    if Measure.objects.filter(pk=measure.pk, status=S.NOT_STARTED).update(
        status=S.IN_PROGRESS, version=F("version") + 1, updated_at=timezone.now()
    ):
        changes["status"] = S.IN_PROGRESS
    record(
        actor,
        "measure.progress",
        measure,
        before={"status": measure.status},
        after={
            "status": changes.get("status", measure.status),
            "update": update.pk,
            "files": len(files),
        },
        note=text[:200],
    )
    return update


# ---------------------------------------------------------- closure (对账销号)


@transaction.atomic
def do_request_closure(
    actor, measure: Measure, *, note: str, files: Sequence[Upload] = ()
) -> ClosureRequest:
    check_uploads(files)
    if not files and not measure.evidence.exists():
        raise WorkflowError("申请销号须附佐证材料：请上传至少一个文件。")
    updated = _transition(measure, [S.NOT_STARTED, S.IN_PROGRESS], S.CLOSURE_REQUESTED)
    closure = ClosureRequest.objects.create(measure=updated, note=note, submitted_by=actor)
    for upload in files:
        _store_evidence(actor, updated, upload, closure=closure)
    record(
        actor,
        "closure.request",
        updated,
        before={"status": measure.status},
        after={"status": updated.status, "closure": closure.pk},
        note=note[:200],
    )
    events.closure_requested(actor, closure)
    return closure


CHECKLIST = {
    "evidence": "佐证材料齐全",
    "matches": "整改结果与措施要求相符",
    "figures": "数据明确、可核实",
}


@transaction.atomic
def do_review_closure(
    actor, closure: ClosureRequest, *, accept: bool, checklist: dict, reason: str = ""
) -> ClosureRequest:
    """The office checks a request: accept (to the leader) or return with a reason."""
    if closure.submitted_by_id == actor.pk:
        raise WorkflowError("您是该销号申请的申请人，不能审核自己的申请；请由整改办其他同志审核。")
    if accept and not all(checklist.get(k) for k in CHECKLIST):
        raise WorkflowError("审核要点未全部勾选，不能通过；请退回并说明理由。")
    if not accept and not reason.strip():
        raise WorkflowError("退回时必须填写理由。")
    _claim(closure, ClosureRequest.Stage.PENDING_REVIEW, "该申请已审核过，请刷新页面。")
    measure = closure.measure
    closure.reviewer, closure.reviewed_at, closure.checklist = actor, timezone.now(), checklist
    if accept:
        closure.stage = ClosureRequest.Stage.PENDING_APPROVAL
        closure.save(update_fields=["reviewer", "reviewed_at", "checklist", "stage"])
        record(
            actor,
            "closure.accept",
            measure,
            after={"closure": closure.pk},
            note="整改办审核通过，待领导审批",
        )
        events.closure_accepted(actor, closure)
    else:
        _return_closure(actor, closure, reason, ["reviewer", "reviewed_at", "checklist"], "退回")
    return closure


def _claim(closure: ClosureRequest, stage: str, message: str) -> None:
    """Lock the request's row and check it is still at ``stage``: of N identical clicks at
    once, the first decides and the others see it decided."""
    current = ClosureRequest.objects.select_for_update().filter(pk=closure.pk).first()
    if current is None or current.stage != stage:
        raise WorkflowError(message)
    closure.measure = Measure.objects.get(pk=current.measure_id)


def _return_closure(actor, closure: ClosureRequest, reason: str, fields: list[str], by: str):
    """Send a request back: the measure returns to 推进中 and the reason stays visible."""
    measure = closure.measure
    _transition(measure, [S.CLOSURE_REQUESTED], S.IN_PROGRESS)
    closure.stage, closure.return_reason = ClosureRequest.Stage.RETURNED, reason
    closure.save(update_fields=[*fields, "stage", "return_reason"])
    record(
        actor,
        "closure.return",
        measure,
        before={"status": S.CLOSURE_REQUESTED},
        after={"status": S.IN_PROGRESS, "closure": closure.pk},
        note=f"{by}：{reason}",
    )
    events.closure_returned(actor, closure, reason, by)


@transaction.atomic
def do_approve_closure(
    actor, closure: ClosureRequest, *, approve: bool, reason: str = ""
) -> ClosureRequest:
    """The responsible leader approves (the measure is closed) or sends it back."""
    if not approve and not reason.strip():
        raise WorkflowError("不同意销号时必须填写理由。")
    _claim(closure, ClosureRequest.Stage.PENDING_APPROVAL, "该申请不在待审批环节，请刷新页面。")
    if closure.reviewer_id == actor.pk:
        raise WorkflowError("您审核了该销号申请，不能再审批自己审核的申请。")
    measure = closure.measure
    closure.approver, closure.decided_at = actor, timezone.now()
    if approve:
        today = timezone.localdate()
        _transition(measure, [S.CLOSURE_REQUESTED], S.CLOSED, closed_on=today)
        closure.stage = ClosureRequest.Stage.APPROVED
        closure.save(update_fields=["approver", "decided_at", "stage"])
        for months in settings.ZHENGGAI["RECHECK_MONTHS"]:
            Recheck.objects.create(measure=measure, due=add_months(today, months))
        record(
            actor,
            "closure.approve",
            measure,
            before={"status": S.CLOSURE_REQUESTED},
            after={"status": S.CLOSED, "closure": closure.pk},
            note="领导审批同意，予以销号",
        )
        events.closure_approved(actor, closure)
    else:
        _return_closure(actor, closure, reason, ["approver", "decided_at"], "领导退回")
    return closure


# ---------------------------------------------------------- look-back (回头看)


@transaction.atomic
def do_record_recheck(
    actor, recheck: Recheck, *, result: str, note: str, checked_on: dt.date
) -> Recheck:
    """Record a look-back. A relapse (反弹回潮) reopens the measure, linked to this check."""
    if result == Recheck.Result.PENDING:
        raise WorkflowError("请选择复查结果。")
    if result == Recheck.Result.RELAPSED and not note.strip():
        raise WorkflowError("发现反弹回潮时必须写明情况。")
    # Row lock: two look-backs recorded at once — the second sees the first's result.
    locked = Recheck.objects.select_for_update().filter(pk=recheck.pk).first()
    if locked is None or locked.result != Recheck.Result.PENDING:
        raise WorkflowError("该复查已记录结果。")
    recheck.measure = Measure.objects.get(pk=locked.measure_id)
    recheck.result, recheck.note, recheck.checked_on, recheck.checked_by = (
        result,
        note,
        checked_on,
        actor,
    )
    recheck.save(update_fields=["result", "note", "checked_on", "checked_by"])
    measure = recheck.measure
    record(
        actor, "recheck.record", recheck, measure=measure, after={"result": result}, note=note[:200]
    )
    if result == Recheck.Result.RELAPSED:
        # Reopened without a deadline, the measure is 待交办 until the office sets a
        # new one; the office is asked to (events.measure_relapsed).
        _transition(measure, [S.CLOSED], S.IN_PROGRESS, closed_on=None, deadline=None)
        # Later checks scheduled for the old closure no longer apply.
        for later in measure.rechecks.filter(result=Recheck.Result.PENDING).exclude(pk=recheck.pk):
            later.result, later.note = Recheck.Result.CANCELLED, "因反弹重新整改，本次复查取消"
            later.save(update_fields=["result", "note"])
        record(
            actor,
            "measure.reopen",
            measure,
            before={
                "status": S.CLOSED,
                "deadline": measure.deadline.isoformat() if measure.deadline else None,
            },
            after={"status": S.IN_PROGRESS, "recheck": recheck.pk, "deadline": None},
            note=f"回头看（计划 {recheck.due:%Y-%m-%d}）发现反弹回潮，重新打开，"
            f"待整改办重新确定整改时限：{note[:150]}",
        )
        events.measure_relapsed(actor, measure, note)
    return recheck


# ---------------------------------------------------------- registers


def _book_title(title: str) -> str:
    """A rule's name in 书名号, as every notice prints it."""
    title = title.strip()
    return (
        title if title.startswith("《") and title.endswith("》") else f"《{title.strip('《》')}》"
    )


@transaction.atomic
def do_add_regulation(
    actor, inspection, *, title, kind, issued_on=None, issuer="", problems=()
) -> Regulation:
    title = _book_title(title)
    reg = Regulation.objects.create(
        inspection=inspection, title=title, kind=kind, issued_on=issued_on, issuer=issuer
    )
    reg.problems.set(problems)
    record(
        actor,
        "regulation.create",
        reg,
        after={"title": title, "kind": kind, "problems": [p.pk for p in problems]},
    )
    return reg


@transaction.atomic
def do_add_accountability(
    actor, inspection, *, kind, count, target="", date=None, note="", problems=()
) -> Accountability:
    acc = Accountability.objects.create(
        inspection=inspection, kind=kind, count=count, target=target, date=date, note=note
    )
    acc.problems.set(problems)
    record(
        actor,
        "accountability.create",
        acc,
        after={"kind": kind, "count": count, "problems": [p.pk for p in problems]},
    )
    return acc


@transaction.atomic
def do_add_recovery(
    actor, inspection, *, kind, amount_wan_yuan, date=None, note="", problems=()
) -> Recovery:
    rec = Recovery.objects.create(
        inspection=inspection, kind=kind, amount_wan_yuan=amount_wan_yuan, date=date, note=note
    )
    rec.problems.set(problems)
    record(
        actor,
        "recovery.create",
        rec,
        after={
            "kind": kind,
            "amount_wan_yuan": str(amount_wan_yuan),
            "problems": [p.pk for p in problems],
        },
    )
    return rec


# ------------------------------------------------ register corrections and withdrawals

#: The fields a correction may change, per register (besides the linked problems).
REGISTER_FIELDS: dict[type, tuple[str, ...]] = {
    Regulation: ("title", "kind", "issued_on", "issuer"),
    Accountability: ("kind", "count", "target", "date", "note"),
    Recovery: ("kind", "amount_wan_yuan", "date", "note"),
}


class StaleEntry(WorkflowError):
    """The register entry changed (or was withdrawn) since this user loaded it."""

    def __init__(self):
        super().__init__("该记录已被他人修改或已撤回，未保存。请刷新页面查看最新内容后重新操作。")


def plain_value(value):
    """A field value as the audit log keeps it (dates ISO, amounts without trailing zeros)."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _entry_state(entry, fields) -> dict:
    state = {f: plain_value(getattr(entry, f)) for f in fields}
    state["problems"] = sorted(entry.problems.values_list("pk", flat=True))
    return state


def _correct_entry(entry, *, version: int, changes: Mapping, problems) -> tuple[dict, dict]:
    """Apply ``changes`` to a register entry still at ``version`` and not withdrawn;
    return the (before, after) of the fields that changed. Nothing changed is refused."""
    model = type(entry)
    fields = REGISTER_FIELDS[model]
    changes = {k: v for k, v in changes.items() if k in fields}
    if "title" in changes:
        changes["title"] = _book_title(changes["title"])
    before = _entry_state(entry, fields)
    wanted = {**before, **{k: plain_value(v) for k, v in changes.items()}}
    if problems is not None:
        wanted["problems"] = sorted(p.pk for p in problems)
    keys = [k for k in wanted if wanted[k] != before[k]]
    if not keys:
        raise WorkflowError("没有修改任何内容。")
    rows = model.objects.filter(pk=entry.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    if rows != 1:
        raise StaleEntry()
    if problems is not None:
        entry.problems.set(problems)
    entry.refresh_from_db()
    return {k: before[k] for k in keys}, {k: wanted[k] for k in keys}


def _withdraw_entry(actor, entry, *, version: int, reason: str) -> str:
    """Withdraw a register entry still at ``version`` (lib.withdrawal's one rule, plus
    the version bump that makes a second click stale); the checked reason."""
    reason = checked_reason(reason)
    entries = type(entry).all_objects.filter(pk=entry.pk, version=version)
    if mark_withdrawn(entries, actor, reason, version=F("version") + 1) != 1:
        raise StaleEntry()
    entry.refresh_from_db()
    return reason


@transaction.atomic
def do_correct_regulation(
    actor, entry: Regulation, *, version: int, changes: Mapping, problems=None
) -> Regulation:
    """Correct a 建章立制 entry (stale versions refused); the event lists each change."""
    before, after = _correct_entry(entry, version=version, changes=changes, problems=problems)
    record(actor, "regulation.correct", entry, before=before, after=after)
    return entry


@transaction.atomic
def do_correct_accountability(
    actor, entry: Accountability, *, version: int, changes: Mapping, problems=None
) -> Accountability:
    """Correct a 问责追责 entry (stale versions refused); the event lists each change."""
    before, after = _correct_entry(entry, version=version, changes=changes, problems=problems)
    record(actor, "accountability.correct", entry, before=before, after=after)
    return entry


@transaction.atomic
def do_correct_recovery(
    actor, entry: Recovery, *, version: int, changes: Mapping, problems=None
) -> Recovery:
    """Correct a 追缴资金 entry (stale versions refused); the event lists each change."""
    before, after = _correct_entry(entry, version=version, changes=changes, problems=problems)
    record(actor, "recovery.correct", entry, before=before, after=after)
    return entry


@transaction.atomic
def do_withdraw_regulation(actor, entry: Regulation, *, version: int, reason: str) -> Regulation:
    """Withdraw a 建章立制 entry: kept, struck through, left out of every total."""
    reason = _withdraw_entry(actor, entry, version=version, reason=reason)
    record(actor, "regulation.withdraw", entry, before=BEFORE, after=AFTER, note=f"撤回：{reason}")
    return entry


@transaction.atomic
def do_withdraw_accountability(
    actor, entry: Accountability, *, version: int, reason: str
) -> Accountability:
    """Withdraw a 问责追责 entry: kept, struck through, left out of every total."""
    reason = _withdraw_entry(actor, entry, version=version, reason=reason)
    record(
        actor, "accountability.withdraw", entry, before=BEFORE, after=AFTER, note=f"撤回：{reason}"
    )
    return entry


@transaction.atomic
def do_withdraw_recovery(actor, entry: Recovery, *, version: int, reason: str) -> Recovery:
    """Withdraw a 追缴资金 entry: kept, struck through, left out of every total."""
    reason = _withdraw_entry(actor, entry, version=version, reason=reason)
    record(actor, "recovery.withdraw", entry, before=BEFORE, after=AFTER, note=f"撤回：{reason}")
    return entry


# ------------------------------------------------------ corrections (管理员/整改办)


@transaction.atomic
def do_correct_measure_text(actor, measure: Measure, *, text: str, reason: str) -> Measure:
    """Correct a typo in a measure's wording, with the reason on record.

    The administrator's legitimate edit that ``/admin/`` no longer offers: one audit
    event holds the old and the new wording; the version moves on, so an editor still
    holding the old text gets :class:`StaleEdit`.
    """
    text, reason = checked_correction(measure.text, text, reason)
    updated = _conditional_update(measure, measure.version, text=text)
    record(
        actor,
        "measure.correct",
        updated,
        before={"text": measure.text},
        after={"text": text},
        note=f"更正：{reason}",
    )
    return updated


# ------------------------------------------------- withdrawing a wrong record (撤回)


def _withdraw_on_measure(actor, obj, *, version: int, reason: str, **changes):
    """Withdraw ``obj`` (a row hanging off a measure) and move the measure's version on,
    so an editor holding the page from before is told: (the measure, the event's fields)."""
    reason = withdraw_one(obj, actor, reason)
    measure = _conditional_update(obj.measure, version, **changes)
    return measure, {"measure": measure, "before": BEFORE, "after": {**AFTER, "reason": reason}}


@transaction.atomic
def do_withdraw_progress(actor, update: ProgressUpdate, *, version: int, reason: str) -> Measure:
    """Withdraw a progress update posted by mistake, with its evidence files (kept on
    disk). The measure's last progress date is read again from what remains."""
    reason = checked_reason(reason)
    mark_withdrawn(Evidence.all_objects.filter(update=update), actor, reason)
    remaining = ProgressUpdate.objects.filter(measure_id=update.measure_id).exclude(pk=update.pk)
    latest = remaining.order_by("-date").values_list("date", flat=True).first()
    measure, fields = _withdraw_on_measure(
        actor, update, version=version, reason=reason, last_progress_on=latest
    )
    note = f"已撤回 {update.date} 的进展“{update.text[:30]}”：{reason}"
    record(actor, "progress.withdraw", update, note=note, **fields)
    return measure


@transaction.atomic
def do_withdraw_evidence(actor, evidence: Evidence, *, version: int, reason: str) -> Measure:
    """Withdraw a wrong evidence file: it leaves the measure, the closure pages and the
    exports; the file itself stays stored and checked."""
    measure, fields = _withdraw_on_measure(actor, evidence, version=version, reason=reason)
    note = f"已撤回佐证材料“{evidence.original_name}”：{fields['after']['reason']}"
    record(actor, "evidence.withdraw", evidence, note=note, **fields)
    return measure


@transaction.atomic
def do_withdraw_milestone(actor, milestone: Milestone, *, version: int, reason: str) -> Measure:
    """Withdraw a milestone set by mistake: it no longer counts for the light."""
    measure, fields = _withdraw_on_measure(actor, milestone, version=version, reason=reason)
    note = f"已撤回阶段目标“{milestone.title}”：{fields['after']['reason']}"
    record(actor, "milestone.withdraw", milestone, note=note, **fields)
    return measure
