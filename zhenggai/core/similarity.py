"""Similar problems across organisations and rounds: jieba words, TF-IDF, cosine.

Each problem becomes a TF-IDF vector of its content words (empty phrases and
generic nouns removed, as in :mod:`zhenggai.core.quality`); two problems match
when the cosine of their vectors reaches the threshold. Candidate pairs come from
an inverted index, so only problems sharing a word are compared. Every match
carries the shared words that weigh most — what the match rests on.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .quality import content_words


@dataclass(frozen=True)
class Match:
    a: int  # index into the documents
    b: int
    score: float
    words: tuple[str, ...]


def vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (smoothed idf) of ``texts``' content words."""
    bags = [Counter(w for w in content_words(t) if len(w) > 1) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(texts)
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
    """Pairs ``a < b`` with cosine ≥ ``threshold`` for which ``allowed(a, b)``."""
    vecs = vectors(texts)
    index: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vecs):
        for w in vec:
            index[w].append(i)
    found = []
    for a, vec in enumerate(vecs):
        candidates = {b for w in vec for b in index[w] if b > a}
        for b in sorted(candidates):
            if not allowed(a, b):
                continue
            shared = {w: vec[w] * vecs[b][w] for w in vec.keys() & vecs[b].keys()}
            score = sum(shared.values())
            if score >= threshold:
                words = tuple(sorted(shared, key=lambda w: -shared[w])[:top_words])
                found.append(Match(a, b, round(score, 3), words))
    return found


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
