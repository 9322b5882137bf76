"""Dates as the notices print them, and the year a date without one must have."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from zhenggai.core.notices.labels import fold
from zhenggai.core.numerals import cn_to_int

_CN_YEAR_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")

_FULL = (
    r"(?:(?P<y>\d{4})[ ]{0,2}年[ ]{0,2})?(?:(?P<m>\d{1,2})[ ]{0,2}月[ ]{0,2})?"
    r"(?P<d>\d{1,2})[ ]{0,2}[日号]"
    r"|(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})(?!\d)"
    r"|(?P<cy>[〇零○一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,3})月"
    r"(?P<cd>[一二三四五六七八九十]{1,3})[日号]"
)
_DATE = re.compile(_FULL)
_STANDALONE = re.compile(rf"[ ]{{0,3}}(?:{_FULL})[ ]{{0,3}}")
_RANGE_SEP = re.compile(r"[ ]{0,2}(?:起[ ]{0,2})?(?:至|到|—{1,2}|–|-|~)[ ]{0,2}")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A printed date whose year or month may be missing; offsets index the searched text."""

    year: int | None
    month: int | None
    day: int
    start: int
    end: int

    def resolve(
        self, year: int | None, month: int | None = None, after: date | None = None
    ) -> date | None:
        """Fill in a missing year (and month) from context.

        When the year was not printed and ``after`` is given, the year moves on by one if
        the date would otherwise fall before ``after``: a feedback on 1月15日 after a
        stay ending in December 2024 is in 2025.
        """
        y = self.year if self.year is not None else year
        m = self.month if self.month is not None else month
        if y is None or m is None:
            return None
        try:
            value = date(y, m, self.day)
        except ValueError:
            return None
        if self.year is None and after is not None and value < after:
            try:
                value = value.replace(year=value.year + 1)
            except ValueError:
                value = value + timedelta(days=365)
        return value


def _partial(match: re.Match[str]) -> PartialDate | None:
    g = match.groupdict()
    if g.get("iy"):
        return PartialDate(int(g["iy"]), int(g["im"]), int(g["id"]), match.start(), match.end())
    if g.get("cy"):
        cn_month, cn_day = cn_to_int(g["cm"]), cn_to_int(g["cd"])
        if not cn_month or not cn_day:
            return None
        cn_year = int(g["cy"].translate(_CN_YEAR_DIGITS))
        return PartialDate(cn_year, cn_month, cn_day, match.start(), match.end())
    year = int(g["y"]) if g.get("y") else None
    month = int(g["m"]) if g.get("m") else None
    if year is not None and month is None:
        return None
    return PartialDate(year, month, int(g["d"]), match.start(), match.end())


def find_dates(text: str, *, need_month: bool = True) -> list[PartialDate]:
    """Every date printed in ``text`` (folded), in order; day-only dates need ``need_month``
    false."""
    found = []
    for match in _DATE.finditer(text):
        partial = _partial(match)
        if partial and (partial.month is not None or not need_month):
            found.append(partial)
    return found


def first_full_date(text: str | None) -> date | None:
    """The first date in ``text`` printed with year, month and day, or None."""
    for found in find_dates(fold(text or "")):
        if found.year and found.month and found.day:
            try:
                return date(found.year, found.month, found.day)
            except ValueError:
                continue
    return None


def standalone_date(text: str) -> date | None:
    """The date when ``text`` (folded) holds nothing but a complete date, else None."""
    match = _STANDALONE.fullmatch(text)
    if not match:
        return None
    inner = _DATE.search(text)
    partial = _partial(inner) if inner else None
    return partial.resolve(None) if partial else None


def find_range(text: str, *, start_at: int = 0) -> tuple[PartialDate, PartialDate] | None:
    """The first "A至B" date range at or after ``start_at``; B may omit year and month."""
    for first in _DATE.finditer(text, start_at):
        a = _partial(first)
        if a is None or a.month is None:
            continue
        sep = _RANGE_SEP.match(text, first.end())
        if not sep:
            continue
        second = _DATE.match(text, sep.end())
        b = _partial(second) if second else None
        if b is not None:
            return a, b
    return None


def resolve_range(
    a: PartialDate, b: PartialDate, *, year: int | None = None, after: date | None = None
) -> tuple[date | None, date | None]:
    """Dates of a range: the end takes year and month from the start when it omits them."""
    start = a.resolve(year, after=after)
    if start is None:
        return None, None
    end = b.resolve(start.year, start.month, after=start)
    return start, end


def span_end(start: date, count: int, unit: str) -> date:
    """The last day of a stay of ``count`` months, weeks or days starting on ``start``."""
    if "月" in unit:
        month = start.month - 1 + count
        year, month = start.year + month // 12, month % 12 + 1
        for day in range(start.day, min(start.day, 28) - 1, -1):
            try:
                found = date(year, month, day)
            except ValueError:  # 31 January + one month: the month's last day
                continue
            return found - timedelta(days=1) if day == start.day else found
    days = count * 7 if unit in ("周", "个星期") else count
    return start + timedelta(days=days - 1)
