"""Numbering labels at the start of a line, in every style the notices print.

All patterns run on *folded* text (see :func:`fold`), in which full-width ASCII has
become ASCII one character for one character, so an index found in the folded line is
also an index into the printed line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhenggai.core.notices.lexicon import LAST_WORD, SEQUENCE_WORDS
from zhenggai.core.numerals import cn_to_int

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
# "问题一：" (a problem numbered in words), "第一，"/"其一，" (ordinals that open a
# paragraph) and "一是…方面" (an aspect written as an enumeration).
WENTI_CN = "wenti_cn"
ORDINAL = "ordinal"
ORDINAL_QI = "ordinal_qi"
SHI_ASPECT = "shi_aspect"
# "1.1", "1-1", "2.3.1": a number under a numbered heading, written with its parent's
# number in front. Each depth is a style of its own ("dotted2", "dotted3").
DOTTED = "dotted"
# A bullet symbol ("●", "■", "◆", "- ", an emoji): each symbol is a style of its own
# ("bullet●"), so the outline tells "◆" groups from "●" items by their order.
BULLET = "bullet"
PADDED = "padded"
# Less common numberings, each a style of its own: "第1项：" (an item by its place),
# Roman numerals "Ⅱ.", capital letters "B.", and the solid or sans-serif circled
# numbers "❷"/"➁" of public-account articles (unlike ①, they number headings).
ITEM = "item"
ROMAN = "roman"
LETTER = "letter"
DINGBAT = "dingbat"

_CN = "一二三四五六七八九十百"
# Units and counters after a number that make it a quantity rather than a label.
_UNITS = (
    "年月日号时分秒个项次万亿千百元角人件家宗亩米吨批座套天名位条辆台场期届轮栋间"
    "户处所份张本支只层级类种倍周岁楼例公"
)
# Bullet symbols that open a list item, as printed in Word, on web pages, in Markdown and
# in public-account articles (geometric shapes, arrows, ticks, emoji; "- " and "* " need a
# space after them), and the double dash "——" of official lists. A variation selector may
# follow the symbol.
BULLETS = (
    r"(?:[●○■□◆◇▪▫•◦►▶▷➢➤★☆✓✔✅❖◎√·▲△▸▹◉⦿✦✧][\ufe0f]?|[\U0001F300-\U0001FAFF][\ufe0f]?"
    r"|[-*+](?= )|——)"
)
_SEP = r"(?P<sep>[ ]{0,3}[、.,:]?[ ]{0,3})"
# Numbers of four and five digits are labels too: a long notice runs past (999).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        FANGMIAN,
        re.compile(
            rf"(?P<lab>第(?P<n>[{_CN}]{{1,3}})个?(?:方面|部分)(?:的?问题)?)"
            r"(?P<sep>[ ]{0,3}[,:、.。]?[ ]{0,3})"
        ),
    ),
    # "第一，" and "其一，" are two styles: a notice may number problems with one and
    # their steps with the other.
    (
        ORDINAL,
        re.compile(rf"(?P<lab>第(?P<n>[{_CN}]{{1,3}}))(?P<sep>[ ]{{0,2}}[,、:][ ]{{0,3}})"),
    ),
    (
        ORDINAL_QI,
        re.compile(rf"(?P<lab>其(?P<n>[{_CN}]{{1,3}}))(?P<sep>[ ]{{0,2}}[,、:][ ]{{0,3}})"),
    ),
    (
        WENTI_CN,
        re.compile(rf"(?P<lab>问题(?P<n>[{_CN}]{{1,4}}))(?P<sep>[ ]{{0,3}}[:、.,][ ]{{0,3}})"),
    ),
    # "第一项问题：", "第3个问题：" name a problem by its place in a list.
    (
        WENTI_CN,
        re.compile(
            rf"(?P<lab>第(?P<n>[{_CN}]{{1,4}}|\d{{1,3}})(?:项|个|条)问题)"
            r"(?P<sep>[ ]{0,3}[:、.,][ ]{0,3})"
        ),
    ),
    (
        DOTTED,
        re.compile(
            r"(?P<lab>[1-9]\d?(?:[.\-‐－—](?P<n>\d{1,2})){1,2})"
            rf"(?![\d.%{_UNITS}])(?P<sep>[ ]{{0,3}}[、.]?[ ]{{0,3}})(?=[^\d\s])"
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
            r"(?P<lab>[(\[【〔][ ]{0,2}(?P<n>\d{1,5})[ ]{0,2}[)\]】〕]|(?P<n2>\d{1,5})\)"
            r"|(?P<c>[\u2474-\u2487]))" + _SEP
        ),
    ),
    (
        AR_DOT,
        re.compile(
            r"(?P<lab>(?P<n>\d{1,5})[ ]{0,2}[.、](?!\d)|(?P<c>[\u2488-\u249b]))"
            r"(?P<sep>[ ]{0,3})"
        ),
    ),
    # "01 ", "02 " … as public-account articles number items: two digits, a space, a word.
    (
        PADDED,
        re.compile(
            rf"(?P<lab>(?P<n>0[1-9]|[1-9]\d))(?P<sep>[ ]{{1,3}})(?=[\u4e00-\u9fff])(?![{_UNITS}])"
        ),
    ),
    (
        ITEM,
        re.compile(
            rf"(?P<lab>第(?P<n>[{_CN}]{{1,3}}|\d{{1,3}})(?:项|条))"
            r"(?P<sep>[ ]{0,2}[:、.,][ ]{0,3})"
        ),
    ),
    (ROMAN, re.compile(r"(?P<lab>(?P<c>[\u2160-\u216b])[ ]{0,2}[.、)]?)(?P<sep>[ ]{0,3})")),
    (LETTER, re.compile(r"(?P<lab>(?P<l>[A-Z])[ ]{0,2}[.、)])(?P<sep>[ ]{0,3})(?=[^\x00-\x7f])")),
    (DINGBAT, re.compile(r"(?P<lab>(?P<c>[\u2776-\u2793]))(?P<sep>[ ]{0,3})")),
    (CIRCLED, re.compile(r"(?P<lab>(?P<c>[\u2460-\u2473]))(?P<sep>[ ]{0,3})")),
    (BULLET, re.compile(rf"(?P<lab>{BULLETS})(?P<sep>[ ]{{0,3}})(?=\S)")),
    (
        SHI_ASPECT,
        re.compile(
            rf"(?P<lab>(?P<n>[{_CN}]{{1,3}})是)(?P<sep>)"
            # The whole line names the aspect: "一是政治建设方面。"; an action that
            # mentions one ("一是排查学习方面存在的问题，建立…") is a measure.
            r"(?=[^。;:,!?]{2,30}?方面(?:的?问题|存在的问题)?[ ]{0,2}[。:]?[ ]{0,3}$)"
        ),
    ),
    (SHI, re.compile(rf"(?P<lab>(?P<n>[{_CN}]{{1,3}})是)(?P<sep>)")),
    (
        SHI,
        re.compile(
            rf"(?P<lab>{'|'.join([*SEQUENCE_WORDS, LAST_WORD])})(?P<sep>[ ]{{0,2}}[,:][ ]{{0,2}})"
        ),
    ),
]
# "问题3" is a code; "问题120个" is a count of problems.
# Also "反馈意见3", "问题清单第3条": the inspectors' list named by its place.
_CODE = re.compile(
    r"(?:(?:反馈|巡察|巡视)(?:问题|意见)|问题)(?:清单)?[ ]{0,2}"
    r"(?:第[ ]{0,2}(?P<n2>\d{1,5})[ ]{0,2}[条项个]?"
    r"|(?P<n>\d{1,5})(?![\d项个条件处宗次类批起例名人家多余]))"
    r"(?P<sep>[ ]{0,3}(?:[:.、][ ]{0,3})?)"
)


def _code_number(match: re.Match[str]) -> int:
    return int(match.group("n") or match.group("n2"))


# The field name of a ledger block after a label: "(1)问题：…", "1.【问题】…".
PROBLEM_FIELD = re.compile(
    r"(?:【[ ]{0,2}(?:存在|反馈|主要)?问题(?:描述|表现|清单)?[ ]{0,2}】[ ]{0,2}[:]?"
    r"|(?:存在|反馈|主要)?问题(?:描述|表现)?[ ]{0,2}:"
    # "1.巡察指出：…", "(2)反馈发现：…": who found it, before the problem's name.
    r"|(?:巡察|巡视|反馈)组?(?:指出|发现|反馈)[ ]{0,2}:)[ ]{0,3}"
)
# A line that is nothing but a problem's name, without a label: "…不到位的问题。".
PHRASE_HEADING = re.compile(r"[ ]{0,3}[^。;:.]{4,58}问题[ ]{0,2}[。.]?[ ]{0,2}")
_BARE_CODE = re.compile(r"(?P<lab>(?P<n>\d{1,2}))(?=[ ]{0,2}问题[ ]{0,2}\d)(?P<sep>[ ]{0,2})")
# A number glued to text, as left when "(12)" lost its parentheses in copying; the
# characters excluded after it are units and counters that make it a quantity instead.
_BARE = re.compile(rf"(?P<lab>(?P<n>\d{{1,2}}))(?=[\u4e00-\u9fff])(?![{_UNITS}])(?P<sep>)")
# Runs of numbered characters: (first code point, how many), each starting at 1.
_NUMBERED_CHARS = (
    (0x2460, 20), (0x2474, 20), (0x2488, 20), (0x2160, 12), (0x2776, 10), (0x2780, 10),
    (0x278A, 10),
)  # fmt: skip


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
        for base, size in _NUMBERED_CHARS:
            if base <= cp < base + size:
                return cp - base + 1
    if groups.get("l"):
        return ord(groups["l"]) - ord("A") + 1
    if match.group("lab") in SEQUENCE_WORDS:
        return SEQUENCE_WORDS[match.group("lab")]
    if match.group("lab") == LAST_WORD:
        return len(SEQUENCE_WORDS) + 1
    raw = groups.get("n") or groups.get("n2") or ""
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw) or 0


def _label(style: str, match: re.Match[str], text: str, offset: int) -> Label:
    end = match.end()
    code = None
    found = _CODE.match(text, end)
    if found and style not in (SHI, CIRCLED, SECTION, WENTI_CN):
        code = f"问题{_code_number(found)}"
        end = found.end()
    field = PROBLEM_FIELD.match(text, end)
    if field and style not in (SHI, CIRCLED, SECTION):
        end = field.end()
    number = _number(match)
    if style == DOTTED:
        style += str(len(re.findall(r"\d+", match.group("lab"))))
    elif style == BULLET:
        # Bullets are not numbered: every item is the next sibling of the one before.
        style += match.group("lab").rstrip("\ufe0f")
        number = 0
    return Label(
        style,
        number,
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
            _code_number(match),
            offset,
            offset,
            offset + match.end(),
            f"问题{_code_number(match)}",
        )
    if bare:
        match = _BARE_CODE.match(stripped) or _BARE.match(stripped)
        if match:
            return _label(BARE, match, stripped, offset)
    return None


def strip_label(text: str) -> str:
    """``text`` without the numbering label (and inspectors' code) it starts with.

    The one rule for texts that carry the label a notice or an Excel edit printed
    before them ("（三）问题5：…", "2.…", "一是…"): the imports store texts without
    it, and documents number items from the ledger's order. Only a leading label
    goes; a text that is nothing but a label is kept as it is.
    """
    return split_label(text).text


@dataclass(frozen=True, slots=True)
class Split:
    """A text cut by :func:`split_label`: the label as printed, the inspectors' code
    it carried ("问题5", or ""), and the text after it."""

    label: str
    code: str
    text: str


def split_label(text: str) -> Split:
    """ "（三）问题5：加强…" → ``Split("（三）问题5：", "问题5", "加强…")``."""
    text = text.strip()
    rest, code = text, ""
    for _ in range(2):  # "（一）1.…": a label left inside another
        found = find_label(fold(rest))
        if found is None or found.end >= len(rest):
            break
        code = code or found.code or ""
        rest = rest[found.end :].lstrip(" \u3000：:、，,")
    return Split(text[: len(text) - len(rest)].strip(), code, rest)
