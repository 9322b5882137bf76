"""One run of the periodic job (``zhenggai tick``): history check, lights, reminders,
bulletins.

Every step is idempotent: running the tick twice on a day, or two ticks at once,
changes nothing the first did not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from zhenggai.audit.integrity import verify_daily
from zhenggai.core.escalation import current_step, recheck_step
from zhenggai.core.lights import Light
from zhenggai.inspections.models import Inspection
from zhenggai.ledger import reminders
from zhenggai.ledger.models import Measure, Recheck, policy_of, relight_all, rules_for
from zhenggai.notify.queue import (
    Due,
    bundle_digests,
    queue_integrity_alert,
    queue_reminders,
    send_due,
)
from zhenggai.orgs.policy import ladder_of

from . import snapshots
from .bulletins import generate_due
from .clusters import keep_words
from .indicators import counts_by
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


def record_light_changes(today: dt.date, inspections=None) -> list[tuple[int, str]]:
    """Record today's light of every measure whose light differs from its last recorded
    one (of ``inspections``, by default every active one), set-based: one
    ``INSERT … SELECT`` computes the lights in SQL (each inspection's own rules), joins
    each measure's last recorded light and inserts the changes; returns ``(measure id,
    light)`` of the rows it made. A second run on the same day, or two at once, inserts
    nothing more (one row per measure and day).

    The last light is a join on a ranked scan of the history, read once, not a
    subquery per measure: on an empty history (a province's first tick) the planner
    scans the table for each measure, and the rows the statement inserts made that
    quadratic (100,000 measures: 301 s, against 1 s for the join)."""
    if inspections is None:
        inspections = Inspection.objects.active()
    lights = (
        Measure.objects.filter(problem__inspection__in=inspections)
        .with_policy_light(today)
        .values_list("pk", "light")
        .order_by()
    )
    sql, params = lights.query.sql_with_params()
    table = LightChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (measure_id, light, previous, date) "  # noqa: S608 — Django's SQL, with parameters
            f"SELECT s.pk, s.light, COALESCE(l.light, ''), %s FROM ({sql}) s LEFT JOIN ("
            "  SELECT measure_id, light FROM ("
            "    SELECT measure_id, light, ROW_NUMBER() OVER ("
            "      PARTITION BY measure_id ORDER BY date DESC, id DESC) AS n"
            f"    FROM {table} WHERE date <= %s) ranked WHERE n = 1"
            ") l ON l.measure_id = s.pk "
            "WHERE l.light IS NULL OR l.light <> s.light "
            "ON CONFLICT (measure_id, date) DO NOTHING RETURNING measure_id, light",
            [today, *params, today],
        )
        return cursor.fetchall()


def scan_inspection(inspection, today: dt.date) -> list[Due]:
    """The reminder rungs due today for one inspection's measures and look-backs (two
    queries); the lights themselves are recorded by :func:`record_light_changes`."""
    ladder = ladder_of(policy_of(inspection))
    rows = (
        Measure.objects.filter(problem__inspection=inspection)
        .exclude(status=Measure.Status.CLOSED)
        .with_light(today, rules_for(inspection))
        .values_list(
            "pk",
            "judged_deadline",
            "last_activity",
            "lead_unit_id",
            "leader_id",
            "label",
            "text",
        )
        .order_by("pk")
    )
    due = []
    for pk, deadline, activity, unit, leader, label, text in rows:
        step = current_step(
            today=today, deadline=deadline, closed=False, last_activity=activity, ladder=ladder
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
    return due + _recheck_dues(inspection, today, ladder)


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


def run_lights(today: dt.date) -> int:
    """The day's stored lights and the day's kept counts, nothing else: no light changes
    recorded, no reminders, no bulletins (those wait for the morning tick). Run just
    after midnight (``zhenggai tick --lights-only``, deploy/zhenggai-lights.timer), so
    that between midnight and the morning tick the pages that order and count by stored
    lights do not light every measure instead (a province office's home: 6.5 s).
    Returns the measures whose stored light changed."""
    n = relight_all(today)
    counts_by(Inspection.objects.active().select_related("organisation"), today, "inspection")
    return n


def run_tick(
    today: dt.date, *, send: bool = True, bulletins: bool = True, verify: bool = True
) -> TickResult:
    result = TickResult()
    check = verify_daily(today) if verify else None
    if check is not None:
        result.history = "完好" if check.ok else "发现问题"
        if not check.ok:
            result.queued += queue_integrity_alert(check.problems, today, ref=str(check.pk))
    changes = record_light_changes(today)
    result.light_changes = len(changes)
    relight_all(today)
    # The figures kept today of inspections whose lights changed are recomputed (figures
    # of an earlier day never serve); the counts of every active inspection are made now,
    # so that the day's first overview is not the one to make them.
    if changes:
        snapshots.mark_stale(
            LightChange.objects.filter(date=today)
            .values_list("measure__problem__inspection_id", flat=True)
            .distinct()
            .order_by()
        )
    counts_by(Inspection.objects.active().select_related("organisation"), today, "inspection")
    reminders.turned_red([pk for pk, light in changes if light == Light.RED.value], today)
    due: list[Due] = []
    for inspection in Inspection.objects.active().select_related("organisation").order_by("pk"):
        due += scan_inspection(inspection, today)
        if len(due) >= FLUSH_EVERY:  # inserts in big batches across inspections
            result.queued += queue_reminders(due, today)
            due.clear()
    result.queued += queue_reminders(due, today)
    reminders.rechecks_due(today)
    result.digests = bundle_digests(today)
    if send:
        result.sent, result.failed = send_due()
    if bulletins:
        result.bulletins = generate_due(today)
    keep_words()  # 举一反三's words of problems new or changed since the last tick
    return result
