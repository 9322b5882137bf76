"""The escalation ladder (督办升级): who is told what about a measure, and when.

Plain data in, plain data out, so the rules are tested without Django. The
default ladder is the practice seen in the field:

- 提醒 (notice): the handler — the lead unit's contacts — 20 days before the deadline;
- 黄灯 (yellow): the handler and the responsible leader, 10 days before the deadline,
  and also when nothing was reported for N days (stale);
- 红灯 (red): once overdue, the lead unit's head, the organisation's secretary and the
  responsible leader — again every ``red_repeat_days`` while it stays overdue;
- 报巡察办 (escalated): from ``oversight_after_days`` overdue, the red rung's people and
  the 巡察办 above the organisation;
- 回头看 (recheck): a look-back due within the yellow days, or overdue, to the office.

A measure is on exactly one rung on a given day (the highest that applies), and
each rung is sent once per *episode*: the deadline it was judged on (a long-term
item moving to its next milestone starts a new episode), or, for staleness, the
date of the last activity; a red item gets a new episode each repeat interval. The
episode key is what makes a reminder unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Rung(StrEnum):
    """A rung of the ladder. Values are stored in the outbound message log."""

    NOTICE = "notice"
    STALE = "stale"
    YELLOW = "yellow"
    RED = "red"
    ESCALATED = "escalated"
    RECHECK = "recheck"

    @property
    def label(self) -> str:
        return {
            "notice": "到期提醒",
            "stale": "黄灯预警（长期未报送进展）",
            "yellow": "黄灯预警",
            "red": "红灯督办",
            "escalated": "逾期报巡察办",
            "recheck": "回头看复查提醒",
        }[self.value]


class Audience(StrEnum):
    """Who a rung goes to, resolved to people by the caller."""

    HANDLER = "handler"  # the lead unit's contact users
    LEADER = "leader"  # the measure's responsible leader
    UNIT_HEAD = "unit_head"  # the lead unit's head (Organisation.head)
    SECRETARY = "secretary"  # the inspected organisation's head
    OVERSIGHT = "oversight"  # the 巡察办 users of the organisations above
    OFFICE = "office"  # the inspected organisation's 整改办 users


AUDIENCES: dict[Rung, tuple[Audience, ...]] = {
    Rung.NOTICE: (Audience.HANDLER,),
    Rung.STALE: (Audience.HANDLER, Audience.LEADER),
    Rung.YELLOW: (Audience.HANDLER, Audience.LEADER),
    Rung.RED: (Audience.UNIT_HEAD, Audience.SECRETARY, Audience.LEADER),
    Rung.ESCALATED: (Audience.UNIT_HEAD, Audience.SECRETARY, Audience.LEADER, Audience.OVERSIGHT),
    Rung.RECHECK: (Audience.OFFICE,),
}


@dataclass(frozen=True)
class Ladder:
    """Thresholds of one organisation's ladder (days)."""

    notice_days: int = 20
    yellow_days: int = 10
    stale_days: int = 30
    red_repeat_days: int = 7  # 0: a red reminder once per deadline
    oversight_after_days: int = 30  # 0: never tell the 巡察办


@dataclass(frozen=True)
class Step:
    """The rung a measure stands on today, and the episode that makes it unique."""

    rung: Rung
    episode: str

    @property
    def audiences(self) -> tuple[Audience, ...]:
        return AUDIENCES[self.rung]


def current_step(
    *,
    today: date,
    deadline: date | None,
    closed: bool,
    last_activity: date | None,
    ladder: Ladder = Ladder(),
) -> Step | None:
    """Return the rung a measure stands on ``today``, or ``None`` (nothing to send).

    ``deadline`` is the judged deadline (the next open milestone for long-term
    items), exactly as :func:`zhenggai.core.lights.measure_light` takes it.
    """
    if closed:
        return None
    if deadline is not None:
        key = f"d{deadline.isoformat()}"
        if deadline < today:
            late = (today - deadline).days
            repeat = late // ladder.red_repeat_days if ladder.red_repeat_days else 0
            episode = f"{key}r{repeat}" if repeat else key
            if ladder.oversight_after_days and late >= ladder.oversight_after_days:
                return Step(Rung.ESCALATED, episode)
            return Step(Rung.RED, episode)
        if deadline <= today + timedelta(days=ladder.yellow_days):
            return Step(Rung.YELLOW, key)
    if last_activity is not None and last_activity < today - timedelta(days=ladder.stale_days):
        return Step(Rung.STALE, f"s{last_activity.isoformat()}")
    if deadline is not None and deadline <= today + timedelta(days=ladder.notice_days):
        return Step(Rung.NOTICE, f"d{deadline.isoformat()}")
    return None


def recheck_step(
    *, today: date, due: date, recheck_id: int, ladder: Ladder = Ladder()
) -> Step | None:
    """The reminder for a pending look-back: from ``yellow_days`` before it is due, and
    again every ``red_repeat_days`` once it is overdue."""
    if due > today + timedelta(days=ladder.yellow_days):
        return None
    if due >= today:
        return Step(Rung.RECHECK, f"k{recheck_id}")
    late = (today - due).days
    repeat = late // ladder.red_repeat_days if ladder.red_repeat_days else 0
    return Step(Rung.RECHECK, f"k{recheck_id}o{repeat}")


def days_left(today: date, deadline: date | None) -> int | None:
    """Days until the deadline (negative when overdue)."""
    return None if deadline is None else (deadline - today).days


def reminder_text(
    *,
    rung: Rung,
    inspection: str,
    measure: str,
    unit: str,
    deadline: date | None,
    today: date,
    url: str,
) -> tuple[str, str]:
    """Subject and Markdown body of one reminder (email text and robot message alike)."""
    left = days_left(today, deadline)
    if deadline is None:
        when = "未设整改时限"
    elif left is not None and left < 0:
        when = f"整改时限{deadline:%Y年%m月%d日}，已逾期{-left}天"
    else:
        when = f"整改时限{deadline:%Y年%m月%d日}，剩余{left}天"
    subject = f"【{rung.label}】{measure[:30]}"
    body = (
        f"### {rung.label}\n"
        f"- 巡察：{inspection}\n"
        f"- 整改措施：{measure}\n"
        f"- 牵头单位：{unit or '—'}\n"
        f"- {when}\n\n"
        f"[查看整改措施]({url})"
    )
    return subject, body


def digest_text(items: list[tuple[str, str]], today: date) -> tuple[str, str]:
    """Subject and Markdown body of a daily digest from (subject, body) pairs."""
    subject = f"【整改每日汇总】{today:%Y年%m月%d日} 共{len(items)}项"
    body = f"### 整改每日汇总（{today:%Y年%m月%d日}）\n\n" + "\n\n---\n\n".join(
        text for _, text in items
    )
    return subject, body
