"""Reproducible random samples for spot checks (抽查复核).

The sample depends only on the recorded population and seed, so a draw can be
recomputed by anyone later and shown to be fair: nobody picked the items.
"""

from __future__ import annotations

import random
import re
import secrets
from math import ceil


def new_seed() -> str:
    """A fresh seed from the operating system's random source (recorded with the draw)."""
    return secrets.token_hex(8)


def sample_size(requested: str, population: int) -> int:
    """Read "5" (a count) or "20%" (a share, rounded up) into a size within the population.

    Raises ``ValueError`` with a Chinese message for anything else.
    """
    text = (
        requested.strip()
        .replace("％", "%")
        .translate({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)})
    )
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(%?)", text)
    if not m:
        raise ValueError("请填写抽取数量（如 5）或比例（如 20%）。")
    value = float(m.group(1))
    size = ceil(population * value / 100) if m.group(2) else int(value)
    if size < 1:
        raise ValueError("抽取数量至少为 1。")
    return min(size, population)


def draw(population: list[int], size: int, seed: str) -> list[int]:
    """``size`` ids from ``population`` (sorted first), determined by ``seed``."""
    # A seeded PRNG is the point here: the draw must be reproducible from the record;
    # the seed itself comes from `secrets`.
    rng = random.Random(seed)  # noqa: S311
    return rng.sample(sorted(population), size)
