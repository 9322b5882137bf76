"""Deadlines written as "N个工作日", counted on China's official working-day calendar.

The calendar (``chinese_calendar``) knows the public holidays and the make-up
working days (调休) of each year once the State Council has published them.
For a year it does not know yet we count Monday to Friday and say so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import chinese_calendar

_WORKING_DAYS = re.compile(r"^\s*(\d{1,3})\s*个?\s*工作日\s*(内)?\s*$")


@dataclass(frozen=True)
class Deadline:
    """A computed deadline; ``approximate`` when a year's holiday schedule is unknown;
    ``base`` the day it was counted from."""

    date: dt.date
    approximate: bool = False
    base: dt.date | None = None
    from_feedback: bool = False


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """``(working, known)``: whether ``day`` is a working day, and whether the official
    calendar covers it (otherwise weekdays are assumed)."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: dt.date, days: int) -> Deadline:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, left, approximate = start, days, False
    while left:
        day += dt.timedelta(days=1)
        working, known = is_working_day(day)
        approximate = approximate or not known
        if working:
            left -= 1
    return Deadline(day, approximate, base=start)


BASE_HELP = "按国家法定工作日（含调休）从本轮巡察的反馈日期起算；未填反馈日期的，从今天起算"


def working_days_deadline(days: int, *, feedback: dt.date | None, today: dt.date) -> Deadline:
    """The one base of every "N个工作日" deadline (measure form, bulk assignment, Excel
    and notice imports): counted from the inspection's feedback date (反馈日期) when it
    is known, else from ``today``.

    Why the feedback date: a rectification period runs from the day the inspection
    fed its findings back (the notice's "反馈之日起15个工作日内"), so a measure assigned
    late must not get a later deadline than the notice promised; and the same words
    typed in the form and in the imported workbook must mean the same day. Only an
    inspection without a recorded feedback date counts from today (交办之日).
    """
    base = feedback if feedback is not None else today
    counted = add_working_days(base, days)
    return Deadline(
        counted.date, counted.approximate, base=base, from_feedback=feedback is not None
    )


def parse_working_days(text: str) -> int | None:
    """Read "15个工作日" / "15工作日内" (half- or full-width digits) as 15, else None."""
    import unicodedata

    match = _WORKING_DAYS.match(unicodedata.normalize("NFKC", text))
    return int(match.group(1)) if match else None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
