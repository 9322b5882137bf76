"""Chinese numerals ↔ integers: the one home for 一、十五、一百零八 in both directions."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
UNITS = {"十": 10, "百": 100, "千": 1000}
_SPELL = "零一二三四五六七八九"


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral below 10000 (十五, 二十三, 一百零八), or None when
    ``text`` is empty or holds anything else."""
    known = _SMALL.get(text)
    if known is not None:
        return known
    if not text:
        return None
    total = current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(n: int) -> str:
    """0 → 零, 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (0–99, enough for headings)."""
    if not 0 <= n < 100:
        raise ValueError(f"{n} is outside 0–99")
    if n < 10:
        return _SPELL[n]
    tens, ones = divmod(n, 10)
    return (_SPELL[tens] if tens > 1 else "") + "十" + (_SPELL[ones] if ones else "")


# Labels and markers count to a few dozen at most; the parser looks those up instead of parsing.
_SMALL: dict[str, int] = {int_to_cn(n): n for n in range(1, 100)}
