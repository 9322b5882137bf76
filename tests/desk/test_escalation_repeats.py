"""Escalation that does not stop: red repeats, the leader on the red rung, the 巡察办
after N days, look-backs reminded, and a daily limit per user and channel."""

from __future__ import annotations

import datetime as dt

import pytest

from zhenggai.core.escalation import Audience, Ladder, Rung, current_step, recheck_step
from zhenggai.ledger.models import Measure, Recheck
from zhenggai.notify.models import OutboundMessage
from zhenggai.oversight.models import EscalationPolicy
from zhenggai.oversight.tick import run_tick

D = dt.date(2026, 12, 31)  # the world measure's deadline


DEFAULT = Ladder()


def red(days: int, ladder=DEFAULT):
    return current_step(
        today=D + dt.timedelta(days=days), deadline=D, closed=False, last_activity=D, ladder=ladder
    )


def test_red_repeats_every_interval_with_a_new_episode():
    assert red(1).episode == red(6).episode == "d2026-12-31"
    assert red(7).episode == red(13).episode == "d2026-12-31r1"
    assert red(14).episode == "d2026-12-31r2"
    assert red(8, Ladder(red_repeat_days=0)).episode == "d2026-12-31"


def test_after_n_days_overdue_the_oversight_office_is_told():
    assert red(29).rung == Rung.RED
    step = red(30)
    assert step.rung == Rung.ESCALATED and Audience.OVERSIGHT in step.audiences
    assert Audience.LEADER in step.audiences
    assert red(90, Ladder(oversight_after_days=0)).rung == Rung.RED


def test_lookbacks_are_reminded_when_due_and_while_overdue():
    due = D
    assert recheck_step(today=D - dt.timedelta(days=11), due=due, recheck_id=5) is None
    assert recheck_step(today=D - dt.timedelta(days=3), due=due, recheck_id=5).episode == "k5"
    late = recheck_step(today=D + dt.timedelta(days=8), due=due, recheck_id=5)
    assert (late.rung, late.episode) == (Rung.RECHECK, "k5o1")


@pytest.fixture
def overdue_world(world):
    Measure.objects.exclude(pk=world.measure.pk).update(status=Measure.Status.CLOSED)
    for user in (world.leader, world.oversight, world.office):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    EscalationPolicy.objects.create(
        organisation=world.town,
        notice_days=20,
        yellow_days=10,
        red_repeat_days=7,
        oversight_after_days=30,
    )
    return world


def rows(user, rung):
    return OutboundMessage.objects.filter(user=user, rung=rung)


@pytest.mark.django_db
def test_tick_repeats_red_to_the_leader_then_tells_the_oversight_office(overdue_world):
    w = overdue_world
    for days in range(1, 32):
        run_tick(D + dt.timedelta(days=days), send=False, bulletins=False)
    # red on day 1, 7, 14, 21, 28; escalated from day 30 (the r4 episode) to leader and 巡察办
    assert rows(w.leader, "red").count() == 5
    assert rows(w.leader, "escalated").count() == 1
    assert rows(w.oversight, "escalated").count() == 1
    assert "逾期报巡察办" in rows(w.oversight, "escalated").get().subject


@pytest.mark.django_db
def test_tick_reminds_the_office_of_a_lookback_due(overdue_world):
    w = overdue_world
    Recheck.objects.create(measure=w.finance_measure, due=dt.date(2026, 7, 10))
    run_tick(dt.date(2026, 7, 5), send=False, bulletins=False)
    run_tick(dt.date(2026, 7, 5), send=False, bulletins=False)
    run_tick(dt.date(2026, 7, 18), send=False, bulletins=False)
    subjects = list(rows(w.office, "recheck").values_list("subject", flat=True))
    assert len(subjects) == 2 and all("回头看复查提醒" in s for s in subjects)


@pytest.mark.django_db
def test_daily_limit_holds_the_rest_for_the_digest(overdue_world, settings):
    w = overdue_world
    settings.ZHENGGAI = {**settings.ZHENGGAI, "NOTIFY_DAILY_LIMIT": 1}
    Measure.objects.filter(pk=w.co_measure.pk).update(
        status=Measure.Status.IN_PROGRESS, leader=w.leader
    )
    run_tick(D + dt.timedelta(days=1), send=False, bulletins=False)
    leader_rows = OutboundMessage.objects.filter(user=w.leader).exclude(rung="digest")
    assert leader_rows.count() == 2
    assert leader_rows.filter(status="pending").count() == 1
    assert OutboundMessage.objects.filter(user=w.leader, rung="digest").count() == 1
