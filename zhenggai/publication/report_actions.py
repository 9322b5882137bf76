"""The rectification report's workflow: generate → submit → approve (or return).

Each ``do_*`` runs in a transaction, writes an audit event and moves the
report with a conditional update on ``version``, as the notice actions do.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record

from .access import can_approve_for
from .models import RectificationReport
from .report_data import dated, frozen, report_document

Status = RectificationReport.Status


class ReportError(Exception):
    """A refused report action; ``str()`` is the Chinese message shown."""


def _move(report: RectificationReport, expected_version: int, statuses, **changes) -> None:
    updated = RectificationReport.objects.filter(
        pk=report.pk, version=expected_version, status__in=statuses
    ).update(version=expected_version + 1, **changes)
    if updated != 1:
        raise ReportError("报告已被他人处理或状态已变化，请刷新页面后再试。")
    for name, value in changes.items():
        setattr(report, name, value)
    report.version = expected_version + 1


@transaction.atomic
def do_generate_report(actor, inspection) -> RectificationReport:
    """A new draft report from the ledger as it stands today."""
    doc = report_document(inspection, timezone.localdate())
    report = RectificationReport.objects.create(
        inspection=inspection, title=doc.title, content=frozen(doc), created_by=actor
    )
    record(actor, "report.generate", report, after={"status": report.status})
    return report


@transaction.atomic
def do_submit_report(actor, report: RectificationReport, expected_version: int):
    _move(
        report,
        expected_version,
        [Status.DRAFT],
        status=Status.PENDING_APPROVAL,
        submitted_at=timezone.now(),
        return_reason="",
    )
    record(
        actor,
        "report.submit",
        report,
        before={"status": Status.DRAFT},
        after={"status": report.status},
    )
    return report


@transaction.atomic
def do_approve_report(actor, report: RectificationReport, expected_version: int):
    """The secretary of the inspected organisation approves the report as generated;
    the date under the signature becomes the day of approval (成文日期)."""
    if not can_approve_for(actor, report.inspection.organisation):
        raise ReportError("只有被巡察党组织的主要负责人（书记）可以审批整改情况报告。")
    _move(
        report,
        expected_version,
        [Status.PENDING_APPROVAL],
        status=Status.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
        content=dated(report.content, timezone.localdate()),
    )
    record(
        actor,
        "report.approve",
        report,
        before={"status": Status.PENDING_APPROVAL},
        after={"status": report.status},
    )
    return report


@transaction.atomic
def do_return_report(actor, report: RectificationReport, expected_version: int, reason: str):
    if not can_approve_for(actor, report.inspection.organisation):
        raise ReportError("只有被巡察党组织的主要负责人（书记）可以退回整改情况报告。")
    if not reason.strip():
        raise ReportError("请填写退回意见。")
    _move(
        report,
        expected_version,
        [Status.PENDING_APPROVAL],
        status=Status.DRAFT,
        return_reason=reason.strip(),
    )
    record(
        actor,
        "report.return",
        report,
        before={"status": Status.PENDING_APPROVAL},
        after={"status": report.status},
        note=reason.strip(),
    )
    return report
