"""Rules, plans and notices the body made or revised: the distinct 《…》 titles.

A title counts when it names a kind of rule (制度, 办法, 方案, 通知 …) and no mention of
it is a citation of someone else's rule: laws and Party regulations, documents cited as
a basis (根据…), studied (学习…) or handed down (省委《…》), books, films, forms,
ledgers, reports and pledges. A mention next to a verb of making (制定, 印发, 修订 …)
overrides the exclusions.
"""

from __future__ import annotations

import re

from zhenggai.core.notices.lexicon import (
    APPLYING_VERBS,
    CITING_AFTER,
    CITING_BEFORE,
    MAKING_VERBS,
    NOT_A_RULE,
    PLACE_ANYWHERE,
    PLACE_PREFIX,
    RULE_KINDS,
)


def _any(words: tuple[str, ...]) -> str:
    return "|".join(words)


_KIND = re.compile(rf"(?:{_any(RULE_KINDS)})(?:\([^()]{{1,20}}\))*$")
_NOT_A_RULE = re.compile(_any(NOT_A_RULE))
_MAKING = re.compile(_any(MAKING_VERBS))
_CITING_BEFORE = re.compile(_any(CITING_BEFORE))
_CITING_AFTER = re.compile(rf"^(?:{_any(CITING_AFTER)})")
_PLACE = re.compile(PLACE_PREFIX)
_APPLYING = re.compile(_any(APPLYING_VERBS))
_PLACE_ANYWHERE = re.compile(PLACE_ANYWHERE)
_QUOTES = "”’\"'」』"
_BOUNDARY = "。;:!?,\n"


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 in ``text`` including the brackets; nested 《》 are allowed."""
    spans = []
    pos = text.find("《")
    while pos >= 0:
        newline = text.find("\n", pos)
        limit = min(len(text), pos + 150, newline if newline >= 0 else len(text))
        end = -1
        close = text.find("》", pos + 1, limit)
        while close >= 0:
            if text.count("《", pos, close) == text.count("》", pos, close + 1):
                end = close + 1
                break
            close = text.find("》", close + 1, limit)
        if end > 0:
            spans.append((pos, end))
            pos = text.find("《", end)
        else:
            pos = text.find("《", pos + 1)
    return spans


def _clause_before(text: str, start: int, spans: list[tuple[int, int]], k: int) -> str:
    """Text of the clause before title ``k``, other titles of the same run removed."""
    pieces = []
    pos = start
    j = k - 1
    while pos > 0 and start - pos < 60:
        if j >= 0 and spans[j][1] == pos:
            pos = spans[j][0]
            j -= 1
            continue
        ch = text[pos - 1]
        if ch in _BOUNDARY:
            break
        pieces.append(ch)
        pos -= 1
    return "".join(reversed(pieces))


def _after_run(text: str, end: int, spans: list[tuple[int, int]], k: int) -> str:
    j = k + 1
    while j < len(spans) and spans[j][0] - end <= 1 and text[end : spans[j][0]] in ("", "、", "和"):
        end = spans[j][1]
        j += 1
    return text[end : end + 20]


def _own_named(key: str, own_places: str) -> bool:
    """Does the title carry the name of the notice's own place or body?"""
    return any(m.group(1) in own_places for m in _PLACE_ANYWHERE.finditer(key))


def find_regulations(norm: str, raw: str, own_places: str) -> list[str]:
    """Distinct rule titles in folded ``norm`` (printed form taken from ``raw``).

    ``own_places`` is text naming the notice's own body (issuer, title, targets): a rule
    named after another place (临川市… in a town's notice) is someone else's unless the
    notice says it was made here.
    """
    spans = _titles(norm)
    verdicts: dict[str, tuple[str, bool, bool, bool]] = {}
    order: list[str] = []
    for k, (start, end) in enumerate(spans):
        inner = norm[start + 1 : end - 1].strip()
        if len(inner) < 2:
            continue
        key = re.sub(r"\s+", "", inner)
        before = _clause_before(norm, start, spans, k)
        after = _after_run(norm, end, spans, k)
        making = bool(_MAKING.search(before))
        citing = bool(_CITING_BEFORE.search(before) or _CITING_AFTER.match(after))
        # Applying a rule ("严格执行《…》") cites it unless it bears the body's own name.
        citing = citing or (bool(_APPLYING.search(before)) and not _own_named(key, own_places))
        grouped = bool(re.match(r"等[^。;,]{0,8}(?:方案|制度|文件|办法|规定)", after))
        if key not in verdicts:
            order.append(key)
            verdicts[key] = (raw[start:end].strip(), making, citing, making and grouped)
        else:
            printed, was_making, was_citing, was_grouped = verdicts[key]
            verdicts[key] = (
                printed,
                was_making or making,
                was_citing or citing,
                was_grouped or (making and grouped),
            )
    result = []
    for key in order:
        printed, making, citing, grouped = verdicts[key]
        if _NOT_A_RULE.search(key):
            continue
        if not _KIND.search(key.rstrip(_QUOTES)) and not grouped:
            continue
        if citing and not making:
            continue
        place = _PLACE.match(key)
        if place and not making and place.group(1)[:-1] not in own_places:
            continue
        result.append(printed)
    return result
