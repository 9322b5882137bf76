"""Similar problems across organisations and rounds: jieba words, TF-IDF, cosine.

Each problem becomes a TF-IDF vector of its content words (empty phrases and
generic nouns removed, as in :mod:`zhenggai.core.quality`); two problems match
when the cosine of their vectors reaches the threshold. Candidate pairs come from
an inverted index of each vector's rarest words (prefix filtering), so only
problems that could reach the threshold are compared. Every match
carries the shared words that weigh most — what the match rests on.

Cutting a province's 100,000 problems into words takes seconds, so a problem's words
may be kept beside it (:func:`kept_words`, :func:`parse_kept`): marked with
:data:`WORDS_RULE`, the digest of the code that cut them, so words cut by other code
are cut again rather than trusted.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba

from . import quality
from .quality import content_words

#: What kept words were cut by: this module, the word lists of :mod:`.quality` and
#: jieba's version.
WORDS_RULE = hashlib.sha256(
    Path(quality.__file__ or "").read_bytes()
    + Path(__file__).read_bytes()
    + str(getattr(jieba, "__version__", "")).encode()
).hexdigest()[:12]


@dataclass(frozen=True)
class Match:
    a: int  # index into the documents
    b: int
    score: float
    words: tuple[str, ...]


def words(text: str) -> list[str]:
    """The words of ``text`` compared: its content words of two characters or more."""
    return [w for w in content_words(text) if len(w) > 1]


def kept_words(text: str) -> str:
    """``words(text)`` as kept beside a text, marked with :data:`WORDS_RULE`."""
    return f"{WORDS_RULE}|" + " ".join(words(text))


def parse_kept(kept: str | None) -> list[str] | None:
    """The words :func:`kept_words` kept, or None when there are none or other code
    cut them."""
    if not kept or not kept.startswith(f"{WORDS_RULE}|"):
        return None
    return kept[len(WORDS_RULE) + 1 :].split()


def vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (smoothed idf) of ``texts``' content words."""
    return vectors_of([words(t) for t in texts])


def vectors_of(cut: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """:func:`vectors` of texts already cut into :func:`words`."""
    bags = [Counter(ws) for ws in cut]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    out = []
    for bag in bags:
        vec = {w: tf * (math.log((1 + n) / (1 + df[w])) + 1) for w, tf in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def matches(
    texts: Sequence[str],
    threshold: float,
    allowed: Callable[[int, int], bool] = lambda a, b: True,
    top_words: int = 5,
) -> list[Match]:
    """:func:`matches_of` the ``texts``, cut into words here."""
    return matches_of([words(t) for t in texts], threshold, allowed, top_words)


def matches_of(
    cut: Sequence[Sequence[str]],
    threshold: float,
    allowed: Callable[[int, int], bool] = lambda a, b: True,
    top_words: int = 5,
) -> list[Match]:
    """Pairs ``a < b`` with cosine ≥ ``threshold`` for which ``allowed(a, b)``, in
    order of ``a`` then ``b``.

    Every pair is found, yet only few are compared (prefix filtering, as in Bayardo,
    Ma and Srikant's *All-Pairs*): each vector's words are put in one order, rarest
    first, and only its *prefix* is indexed, the words before the rest's norm falls
    below the threshold. Two vectors sharing no prefix word cannot reach it: if ``x``'s
    prefix ends first, every shared word lies in ``x``'s rest, so by Cauchy–Schwarz
    their cosine is at most the rest's norm. A word common to thousands of problems (集体,
    资产) is then in few prefixes, and the work grows with the similar pairs, not with
    the square of the problems sharing a common word."""
    vecs = vectors_of(cut)
    df: Counter[str] = Counter(w for vec in vecs for w in vec)
    index: dict[str, list[int]] = defaultdict(list)
    found = []
    for b, vec in enumerate(vecs):
        candidates: set[int] = set()
        for w in _prefix(vec, df, threshold):
            candidates.update(index[w])
            index[w].append(b)
        for a in sorted(candidates):
            if not allowed(a, b):
                continue
            shared = {w: vecs[a][w] * vec[w] for w in vecs[a].keys() & vec.keys()}
            score = sum(shared.values())
            if score >= threshold:
                words = tuple(sorted(shared, key=lambda w: -shared[w])[:top_words])
                found.append(Match(a, b, round(score, 3), words))
    found.sort(key=lambda m: (m.a, m.b))
    return found


def _prefix(vec: dict[str, float], df: Counter[str], threshold: float) -> list[str]:
    """``vec``'s words, rarest first, up to where the norm of the words left is below
    ``threshold`` (less a rounding margin, so a pair exactly at it is still found)."""
    ordered = sorted(vec, key=lambda w: (df[w], w))
    left = sum(v * v for v in vec.values())
    bound = max(threshold - 1e-9, 0.0) ** 2
    prefix = []
    for w in ordered:
        if left < bound:
            break
        prefix.append(w)
        left -= vec[w] * vec[w]
    return prefix


def clusters(size: int, pairs: Sequence[Match]) -> list[list[int]]:
    """Connected groups (two or more documents) of the matching pairs, largest first."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for m in pairs:
        parent[root(m.a)] = root(m.b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        groups[root(i)].append(i)
    found = [sorted(g) for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0]))
    return found
