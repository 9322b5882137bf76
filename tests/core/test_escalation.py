"""The escalation ladder from plain dates, without Django."""

from datetime import date, timedelta

from zhenggai.core.escalation import (
    Audience,
    Ladder,
    Rung,
    current_step,
    digest_text,
    reminder_text,
)

D = date(2026, 9, 30)


def step(today, deadline=D, closed=False, last=None):
    return current_step(
        today=today, deadline=deadline, closed=closed, last_activity=last or today, ladder=Ladder()
    )


def test_green_far_from_the_deadline_sends_nothing():
    assert step(D - timedelta(days=21)) is None


def test_notice_to_the_handler_twenty_days_before():
    s = step(D - timedelta(days=20))
    assert s.rung == Rung.NOTICE and s.audiences == (Audience.HANDLER,)


def test_yellow_to_handler_and_leader_ten_days_before():
    s = step(D - timedelta(days=10))
    assert s.rung == Rung.YELLOW and s.audiences == (Audience.HANDLER, Audience.LEADER)
    assert step(D).rung == Rung.YELLOW  # the deadline day itself is not overdue


def test_red_to_the_unit_head_secretary_and_responsible_leader_once_overdue():
    s = step(D + timedelta(days=1))
    assert s.rung == Rung.RED
    assert s.audiences == (Audience.UNIT_HEAD, Audience.SECRETARY, Audience.LEADER)


def test_the_episode_is_the_deadline_so_each_rung_is_unique_per_deadline():
    assert step(D - timedelta(days=15)).episode == step(D - timedelta(days=19)).episode
    later = D + timedelta(days=60)
    assert (
        step(later - timedelta(days=15), deadline=later).episode
        != step(D - timedelta(days=15)).episode
    )


def test_stale_measure_goes_yellow_before_the_notice_window():
    today = D - timedelta(days=60)
    s = step(today, last=today - timedelta(days=31))
    assert s.rung == Rung.STALE and Audience.LEADER in s.audiences
    assert s.episode == f"s{(today - timedelta(days=31)).isoformat()}"


def test_closed_measures_never_escalate():
    assert step(D + timedelta(days=5), closed=True) is None


def test_custom_ladder_thresholds():
    ladder = Ladder(notice_days=30, yellow_days=5, stale_days=10)
    s = current_step(
        today=D - timedelta(days=25), deadline=D, closed=False, last_activity=D, ladder=ladder
    )
    assert s.rung == Rung.NOTICE
    s = current_step(
        today=D - timedelta(days=6), deadline=D, closed=False, last_activity=D, ladder=ladder
    )
    assert s.rung == Rung.NOTICE


def test_reminder_text_says_how_late_and_links_the_measure():
    subject, body = reminder_text(
        rung=Rung.RED,
        inspection="第一轮巡察",
        measure="清查租赁合同",
        unit="农业办",
        deadline=D,
        today=D + timedelta(days=3),
        url="http://x/measures/1/",
    )
    assert (
        subject.startswith("【红灯督办】")
        and "已逾期3天" in body
        and "http://x/measures/1/" in body
    )
    subject, body = digest_text([(subject, body), ("b", "第二项")], D)
    assert "共2项" in subject and "第二项" in body
