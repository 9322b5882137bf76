"""Parsing speed on real notices: ``python benchmarks/parse.py [FILES…]``.

Without arguments it times the five seed notices in ``../shared/corpus/seeds``. The
files are read and decoded first; only :func:`parse_text` is timed, best of several
rounds on one core. The last line is ``parse: N MB/s`` (MB of UTF-8 text per second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from zhenggai.core.notices import parse_text, read_document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
ROUNDS = 15


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(SEEDS.glob("*.txt"))
    if not paths:
        print(f"no files given and no seeds in {SEEDS}", file=sys.stderr)
        return 2
    texts = [read_document(p.read_bytes(), p.name) for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    for text in texts:  # warm up imports and regex caches
        parse_text(text)
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for text in texts:
            parse_text(text)
        best = min(best, time.perf_counter() - start)
    print(f"{len(texts)} files, {size / 1024:.0f} KB, best of {ROUNDS}: {best * 1000:.1f} ms")
    print(f"parse: {size / best / 1e6:.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
