"""Chinese numerals as notices print them in labels and dates: the one home for them.

Kept apart so that a shared numerals module elsewhere can replace it in one move.
"""

from __future__ import annotations

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def spell(n: int) -> str:
    """A number below 100 written as labels print it: 一, 十, 十五, 二十三."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


# Labels and markers count to a few dozen at most; look those up instead of parsing.
_SMALL: dict[str, int] = {spell(n): n for n in range(1, 100)}


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral below 10000 (十五, 二十三, 一百零八), or None."""
    known = _SMALL.get(text)
    if known is not None:
        return known
    if not text:
        return None
    total = current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current
