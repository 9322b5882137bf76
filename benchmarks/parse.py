"""Parsing speed on real notices: ``python benchmarks/parse.py [FILES…]``.

Without arguments it times the five seed notices in ``../shared/corpus/seeds``. The
files are read and decoded first; only :func:`parse_text` is timed, best of several
rounds on one core. Then a generated notice of numbered problems is parsed at one and
at four times its size: linear work gives a ratio near 4 (quadratic would give 16). The
last line is ``parse: N MB/s, 4x input: R x time`` (MB of UTF-8 text per second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from zhenggai.core.notices import parse_text, read_document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
ROUNDS = 15
GROWTH_PROBLEMS = 10_000


def generated(n: int) -> str:
    """An invented notice of ``n`` problems, each a heading and two measures."""
    lines = [
        f"({i})问题{i}：茶园管护不到位\n一是补种茶苗1200株，投入资金85万元；二是开展培训12次。"
        for i in range(1, n + 1)
    ]
    return "二、巡察反馈问题整改落实情况\n" + "\n".join(lines) + "\n"


def best_time(text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        parse_text(text)
        best = min(best, time.process_time() - start)
    return best


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
    one = best_time(generated(GROWTH_PROBLEMS), 3)
    four = best_time(generated(4 * GROWTH_PROBLEMS), 3)
    print(f"generated: {GROWTH_PROBLEMS} problems {one:.2f} s, {4 * GROWTH_PROBLEMS} {four:.2f} s")
    print(f"parse: {size / best / 1e6:.1f} MB/s, 4x input: {four / one:.1f} x time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
