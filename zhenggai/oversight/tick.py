"""One run of the periodic job (``zhenggai tick``): history check, lights, reminders,
bulletins.

Every step is idempotent: running the tick twice on a day, or two ticks at once,
changes nothing the first did not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from zhenggai.audit.integrity import verify_daily
from zhenggai.core.escalation import current_step, recheck_step
from zhenggai.inspections.models import Inspection
from zhenggai.ledger import reminders
from zhenggai.ledger.models import Measure, Recheck, policy_of, rules_for
from zhenggai.notify.queue import (
    Due,
    bundle_digests,
    queue_integrity_alert,
    queue_reminders,
    send_due,
)
from zhenggai.orgs.policy import ladder_of

from .bulletins import generate_due
from .models import LightChange

FLUSH_EVERY = 5000


@dataclass
class TickResult:
    light_changes: int = 0
    queued: int = 0
    digests: int = 0
    sent: int = 0
    failed: int = 0
    bulletins: int = 0
    history: str = ""  # today's history check: 完好 / 发现问题, empty when already done

    def __str__(self) -> str:
        return (
            f"灯色变化 {self.light_changes} 条，新增提醒 {self.queued} 条，汇总 {self.digests} 条，"
            f"发送成功 {self.sent} 条，失败 {self.failed} 条，生成通报 {self.bulletins} 期"
            + (f"，历史校验{self.history}" if self.history else "")
        )


def scan_inspection(inspection, today: dt.date) -> tuple[list[LightChange], list[Due]]:
    """Lights that changed and rungs that are due for one inspection (one query)."""
    policy = policy_of(inspection)
    ladder = ladder_of(policy)
    last_light = (
        LightChange.objects.filter(measure=OuterRef("pk"), date__lte=today)
        .order_by("-date", "-id")
        .values("light")[:1]
    )
    rows = (
        Measure.objects.filter(problem__inspection=inspection)
        .with_light(today, rules_for(inspection))
        .annotate(last_light=Subquery(last_light))
        .values_list(
            "pk",
            "light",
            "last_light",
            "status",
            "judged_deadline",
            "last_activity",
            "lead_unit_id",
            "leader_id",
            "label",
            "text",
        )
        .order_by("pk")
    )
    changes, due = [], []
    for pk, light, last, status, deadline, activity, unit, leader, label, text in rows:
        if light != last:
            changes.append(LightChange(measure_id=pk, date=today, light=light, previous=last or ""))
        step = current_step(
            today=today,
            deadline=deadline,
            closed=status == Measure.Status.CLOSED,
            last_activity=activity,
            ladder=ladder,
        )
        if step is not None:
            due.append(
                Due(
                    measure_id=pk,
                    step=step,
                    inspection=inspection.title,
                    inspection_org_id=inspection.organisation_id,
                    text=f"{label}{text}"[:200],
                    lead_unit_id=unit,
                    leader_id=leader,
                    deadline=deadline,
                )
            )
    return changes, due + _recheck_dues(inspection, today, ladder)


def _recheck_dues(inspection, today: dt.date, ladder) -> list[Due]:
    """Pending look-backs due soon or overdue, for the office (one query)."""
    horizon = today + dt.timedelta(days=ladder.yellow_days)
    due = []
    for pk, day, measure_id, unit, leader, label, text in (
        Recheck.objects.filter(
            measure__problem__inspection=inspection,
            result=Recheck.Result.PENDING,
            due__lte=horizon,
        )
        .values_list(
            "pk",
            "due",
            "measure_id",
            "measure__lead_unit_id",
            "measure__leader_id",
            "measure__label",
            "measure__text",
        )
        .order_by("pk")
    ):
        step = recheck_step(today=today, due=day, recheck_id=pk, ladder=ladder)
        if step is not None:
            due.append(
                Due(
                    measure_id=measure_id,
                    step=step,
                    inspection=inspection.title,
                    inspection_org_id=inspection.organisation_id,
                    text=f"回头看复查（{day:%Y年%m月%d日}）：{label}{text}"[:200],
                    lead_unit_id=unit,
                    leader_id=leader,
                    deadline=day,
                )
            )
    return due


def run_tick(
    today: dt.date, *, send: bool = True, bulletins: bool = True, verify: bool = True
) -> TickResult:
    result = TickResult()
    check = verify_daily(today) if verify else None
    if check is not None:
        result.history = "完好" if check.ok else "发现问题"
        if not check.ok:
            result.queued += queue_integrity_alert(check.problems, today, ref=str(check.pk))
    changes: list[LightChange] = []
    due: list[Due] = []

    def flush() -> None:
        # Inserts go in big batches across inspections, not a few queries per inspection.
        created = LightChange.objects.bulk_create(changes, ignore_conflicts=True, batch_size=1000)
        result.light_changes += len(created)
        reminders.turned_red([c.measure_id for c in changes if c.light == "red"], today)
        result.queued += queue_reminders(due, today)
        changes.clear()
        due.clear()

    for inspection in Inspection.objects.active().select_related("organisation").order_by("pk"):
        found, rungs = scan_inspection(inspection, today)
        changes += found
        due += rungs
        if len(changes) + len(due) >= FLUSH_EVERY:
            flush()
    flush()
    reminders.rechecks_due(today)
    result.digests = bundle_digests(today)
    if send:
        result.sent, result.failed = send_due()
    if bulletins:
        result.bulletins = generate_due(today)
    return result
