"""Numbering labels at the start of a line, in every style the notices print.

All patterns run on *folded* text (see :func:`fold`), in which full-width ASCII has
become ASCII one character for one character, so an index found in the folded line is
also an index into the printed line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width forms, ideographic and no-break spaces, tabs and zero-width characters all
# map to one character each, so folded and printed text stay index-aligned. Line
# separators are left alone so that folded text splits into the same lines.
_FOLD = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(dict.fromkeys("\u3000\xa0\t\u200b\ufeff\u202f", " "))
_FOLD.update(dict.fromkeys((chr(cp) for cp in range(0x2000, 0x200B)), " "))
_FOLD.update({"\uff61": "。", "\ufe50": ",", "\ufe51": "、"})
_TO_FOLD = re.compile("[" + "".join(sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Map full-width ASCII to ASCII and odd spaces to a plain space, keeping the length."""
    # A substitution only where needed: str.translate looks up every character.
    return _TO_FOLD.sub(lambda m: _FOLD[m.group()], text)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral below 10000 (十五, 二十三, 一百零八), or None."""
    known = _SMALL.get(text)
    if known is not None:
        return known
    return _cn_to_int(text)


def _cn_to_int(text: str) -> int | None:
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


_SMALL: dict[str, int] = {}


def _spell(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


# Labels and markers count to a few dozen at most; look those up instead of parsing.
_SMALL.update({_spell(n): n for n in range(1, 100)})

# Styles of numbering. "section" is 一、; "fangmian" is 第一方面问题; "code" is a line that
# starts with the inspectors' own code (问题22:) and no label; "shi" (一是) and "circled"
# (①) mark measures inside a problem and never open a new heading.
SECTION = "section"
FANGMIAN = "fangmian"
CN_PAREN = "cn_paren"
AR_PAREN = "ar_paren"
AR_DOT = "ar_dot"
CIRCLED = "circled"
SHI = "shi"
CODE = "code"
BARE = "bare"

_CN = "一二三四五六七八九十"
_SEP = r"(?P<sep>[ ]{0,3}[、.,:]?[ ]{0,3})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        FANGMIAN,
        re.compile(
            rf"(?P<lab>第(?P<n>[{_CN}]{{1,3}})个?(?:方面|部分)(?:的?问题)?)"
            r"(?P<sep>[ ]{0,3}[,:、.。]?[ ]{0,3})"
        ),
    ),
    (
        SECTION,
        re.compile(rf"(?P<lab>(?P<n>[{_CN}]{{1,3}})[ ]{{0,2}}[、.])(?!\d)(?P<sep>[ ]{{0,3}})"),
    ),
    (
        CN_PAREN,
        re.compile(rf"(?P<lab>[(\[【〔][ ]{{0,2}}(?P<n>[{_CN}]{{1,3}})[ ]{{0,2}}[)\]】〕])" + _SEP),
    ),
    (
        AR_PAREN,
        re.compile(
            r"(?P<lab>\([ ]{0,2}(?P<n>\d{1,3})[ ]{0,2}\)|(?P<n2>\d{1,3})\)"
            r"|(?P<c>[\u2474-\u2487]))" + _SEP
        ),
    ),
    (
        AR_DOT,
        re.compile(
            r"(?P<lab>(?P<n>\d{1,3})[ ]{0,2}[.、](?!\d)|(?P<c>[\u2488-\u249b]))"
            r"(?P<sep>[ ]{0,3})"
        ),
    ),
    (CIRCLED, re.compile(r"(?P<lab>(?P<c>[\u2460-\u2473]))(?P<sep>[ ]{0,3})")),
    (SHI, re.compile(rf"(?P<lab>(?P<n>[{_CN}]{{1,3}})是)(?P<sep>)")),
]
# "问题3" is a code; "问题120个" is a count of problems.
_CODE = re.compile(
    r"问题[ ]{0,2}(?P<n>\d{1,3})(?![\d项个条件处宗次类批起例名人家多余])"
    r"(?P<sep>[ ]{0,3}(?:[:.、][ ]{0,3})?)"
)
_BARE_CODE = re.compile(r"(?P<lab>(?P<n>\d{1,2}))(?=[ ]{0,2}问题[ ]{0,2}\d)(?P<sep>[ ]{0,2})")
# A number glued to text, as left when "(12)" lost its parentheses in copying; the
# characters excluded after it are units and counters that make it a quantity instead.
_BARE = re.compile(
    r"(?P<lab>(?P<n>\d{1,2}))(?=[\u4e00-\u9fff])"
    r"(?![年月日号时分秒个项次万亿千百元角人件家宗亩米吨批座套天名位条辆台场期届轮栋间户处所份张本支只层级类种倍周岁楼例])"
    r"(?P<sep>)"
)
_CIRCLED_BASE = {0x2460: 1, 0x2474: 1, 0x2488: 1}


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering label found at the start of a folded line.

    ``label_end`` is where the printed label ends, ``end`` where the heading text starts
    (after separators and any inspectors' code), ``code`` the code such as ``问题3``.
    """

    style: str
    number: int
    label_start: int
    label_end: int
    end: int
    code: str | None = None


def _number(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("c"):
        cp = ord(groups["c"])
        for base, first in _CIRCLED_BASE.items():
            if base <= cp < base + 20:
                return cp - base + first
    raw = groups.get("n") or groups.get("n2") or ""
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw) or 0


def _label(style: str, match: re.Match[str], text: str, offset: int) -> Label:
    end = match.end()
    code = None
    found = _CODE.match(text, end)
    if found and style not in (SHI, CIRCLED, SECTION):
        code = f"问题{int(found.group('n'))}"
        end = found.end()
    return Label(
        style,
        _number(match),
        offset + match.start("lab"),
        offset + match.end("lab"),
        offset + end,
        code,
    )


def find_label(folded: str, *, bare: bool = False) -> Label | None:
    """The numbering label at the start of ``folded`` (leading spaces allowed), or None.

    Numbers glued to text ("2问题3", "12加强…") are only reported when ``bare`` is true,
    because only the caller knows whether such a number continues a sequence.
    """
    stripped = folded.lstrip(" ")
    offset = len(folded) - len(stripped)
    if not stripped:
        return None
    for style, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if match:
            return _label(style, match, stripped, offset)
    match = _CODE.match(stripped)
    if match:
        return Label(
            CODE,
            int(match.group("n")),
            offset,
            offset,
            offset + match.end(),
            f"问题{int(match.group('n'))}",
        )
    if bare:
        match = _BARE_CODE.match(stripped) or _BARE.match(stripped)
        if match:
            return _label(BARE, match, stripped, offset)
    return None


def strip_label(text: str) -> str:
    """``text`` without the numbering label (and inspectors' code) it starts with.

    The one rule for stored texts that still carry the label an import or an
    Excel edit left in them ("（三）问题5：…", "2.…", "一是…"): documents number
    items from the ledger's order, so the stored label is dropped when rendering.
    """
    text = text.strip()
    for _ in range(2):  # "（一）1.…": a label left inside another
        found = find_label(fold(text))
        if found is None or found.end >= len(text):
            break
        text = text[found.end :].lstrip(" \u3000：:、，,")
    return text
