"""Search words from what a clerk types, and the highlighted parts of a hit.

A query is normalised (full-width letters and digits, spaces) and segmented by
``jieba`` in its search mode, keeping the finest words: "集体合同管理混乱" becomes
集体 · 合同 · 管理 · 混乱 (a compound such as 集体合同 would miss "集体资产合同"), and
a hit must contain every word (AND), in any order and any field; a few words too
common to search by (的、不 …) are dropped. Matching is plain substring matching of
each word, done by the database (docs/ARCHITECTURE.md, "Search"); no Django here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from .text import normalize_text

#: What is read of a query: longer text is cut (and the page says so).
MAX_QUERY_CHARS = 50
#: At most this many words are AND-ed.
MAX_TERMS = 8
#: Words that would match nearly every problem, so searching by them says nothing.
STOP_WORDS = frozenset("的了和与及或在是对等不未有将把被之并中")


@dataclass(frozen=True)
class Query:
    """The words to search for; ``truncated`` when the typed text was cut."""

    text: str
    terms: tuple[str, ...]
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)


@cache
def _jieba() -> Any:
    from .gongwen import _jieba as loaded  # one place silences jieba's import warnings

    return loaded()


def _is_word(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def parse_query(raw: str | None) -> Query:
    """The search words of ``raw``: normalised, segmented, punctuation and stop words
    dropped, duplicates removed, at most :data:`MAX_TERMS`. A query made only of stop
    words searches for itself as one word."""
    text = normalize_text(raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    tokens = [t.strip().lower() for t in _jieba().lcut_for_search(text)]
    tokens = [t for t in tokens if t and _is_word(t)]
    # Search mode also emits the compounds of the finer words it found: keep the finer.
    words = [t for t in tokens if not any(o != t and o in t for o in tokens)]
    terms = list(dict.fromkeys(t for t in words if t not in STOP_WORDS))
    if not terms and words:
        terms = ["".join(words)]
    truncated = truncated or len(terms) > MAX_TERMS
    return Query(text=text, terms=tuple(terms[:MAX_TERMS]), truncated=truncated)


def highlight(
    text: str, terms: tuple[str, ...], width: int | None = None
) -> list[tuple[str, bool]]:
    """``text`` cut into ``(part, is_match)`` pieces, every occurrence of a term marked
    (case-insensitive; the longest term wins where two overlap). With ``width``, only a
    window of about that many characters around the first match is kept, with "…"
    where text was left out. The caller escapes each part."""
    text = text or ""
    if terms:
        pattern = re.compile(
            "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
        )
        spans = [m.span() for m in pattern.finditer(text)]
    else:
        spans = []
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
    parts: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    at = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > at:
            parts.append((text[at:s], False))
        parts.append((text[s:e], True))
        at = e
    if at < end:
        parts.append((text[at:end], False))
    if end < len(text):
        parts.append(("…", False))
    return parts
