"""Figures in progress text: counts, areas, money and percentages with their units.

``extract_figures("清理垃圾12.5吨,追回36.8万元")`` finds 12.5 吨 and 36.8 万元.
A 万 or 亿 before a unit is folded into the value (4.2万宗 is 42000 宗), except that money
is kept in 万元, the unit the notices count recovered funds in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from zhenggai.core.numerals import cn_to_int

UNITS = ("人次", "平方米", "公里", "万元", "元", "次", "宗", "件", "个", "家", "亩", "吨", "%")

_FOLD = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
# Only full-width digits and the signs inside numbers matter here; full-width commas
# between clauses are everywhere and need no folding.
_WIDE = re.compile("[\uff10-\uff19\uff05\uff0e]")
# Characters that make the number after them something else: part of a longer number,
# an ordinal (第3次), or a distributive (每3次).
_NOT_BEFORE_DIGITS = frozenset("0123456789.,第")
_NOT_BEFORE_CN = frozenset("一二三四五六七八九十百千两第每另其单")

_FIGURE = re.compile(
    r"(?P<num>[0-9](?:[0-9]|,(?=[0-9]{3}))*(?:\.[0-9]+)?)"
    r"[ ]?(?P<mult>万|亿)?(?P<approx>余|多)?[ ]?"
    r"(?P<unit>人次|平方米|公里|元|次|宗|件|个(?!月|百分点|工作日|小时|季度|星期|多月)|家|亩|吨|%)"
)
# Chinese numerals are only taken before units that are plainly counts ("三次培训").
# They are found from the unit backwards: numerals are too common to scan for.
_CN_UNIT = re.compile(r"(?:人次|次|宗|件|家|亩|吨)(?!性)")
_CN_NUMERALS = frozenset("一二三四五六七八九十百千两")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit as found in text; ``text`` is the matched text as printed."""

    value: int | float
    unit: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.text}


def _figure(value: Decimal, mult: str | None, unit: str, text: str) -> Figure:
    if unit == "元":
        if mult == "万":
            unit = "万元"
        elif mult == "亿":
            value, unit = value * 10000, "万元"
    elif unit == "万元":
        pass
    elif mult:
        value *= 10000 if mult == "万" else 100000000
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    return Figure(number, unit, text)


def extract_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` with a unit from :data:`UNITS`, in order of appearance."""
    folded = _WIDE.sub(lambda m: _FOLD[m.group()], text) if _WIDE.search(text) else text
    found: list[tuple[int, Figure]] = []
    for match in _FIGURE.finditer(folded):
        if match.start() and folded[match.start() - 1] in _NOT_BEFORE_DIGITS:
            continue
        try:
            value = Decimal(match.group("num").replace(",", ""))
        except InvalidOperation:
            continue
        found.append(
            (
                match.start(),
                _figure(
                    value,
                    match.group("mult"),
                    match.group("unit"),
                    text[match.start() : match.end()],
                ),
            )
        )
    for match in _CN_UNIT.finditer(folded):
        end = match.start()
        approx = end - 1 if end and folded[end - 1] in "余多" else end
        start = mult_at = approx - 1 if approx and folded[approx - 1] in "万亿" else approx
        while start and folded[start - 1] in _CN_NUMERALS and mult_at - start < 6:
            start -= 1
        if start == mult_at or (start and folded[start - 1] in _NOT_BEFORE_CN):
            continue
        number = cn_to_int(folded[start:mult_at])
        if number is None or number < 2:
            continue
        mult = folded[mult_at] if mult_at < approx else None
        found.append(
            (start, _figure(Decimal(number), mult, match.group(), text[start : match.end()]))
        )
    found.sort(key=lambda item: item[0])
    return [figure for _, figure in found]
