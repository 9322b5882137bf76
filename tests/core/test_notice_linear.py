"""Parsing time grows linearly with the notice: complexity guards as ratio tests.

Speed itself is measured in ``benchmarks/parse.py``; here only the growth is checked,
in CPU time, so that other work on a shared machine does not count against us.
"""

from __future__ import annotations

import gc
import time

import pytest

from zhenggai.core.notices import parse_text


def _problems(n: int) -> str:
    """A notice of ``n`` numbered problems, each a line "(N)问题问题问题" (the shape that
    once took quadratic time)."""
    lines = "\n".join(f"({i})问题问题问题" for i in range(1, n + 1))
    return "二、巡察反馈问题整改落实情况\n" + lines + "\n"


def _cpu_times(small: str, large: str, rounds: int = 2) -> tuple[float, float]:
    """The best CPU time of parsing each text, the two measured in turn round by round,
    with the garbage collector held off while the parser runs.

    A full collection walks every object the test process holds, and a late pytest
    worker holds millions: the parse of the larger text triggers more of them, each as
    long as the whole heap, which made 2.0× for twice the input read as 3.6× (with a
    1,000,000-object heap here: 2.4× collecting, 1.9× not). The guard is on the
    parser's growth, not on the heap of the tests that ran before it."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for side, text in enumerate((small, large)):
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                parse_text(text)
                best[side] = min(best[side], time.process_time() - start)
            finally:
                gc.enable()
    return best[0], best[1]


def test_doubling_a_notice_of_twenty_thousand_problems_less_than_triples_the_time():
    small, large = _problems(20_000), _problems(40_000)
    parse_text(_problems(500))  # warm caches
    small_time, large_time = _cpu_times(small, large)
    assert large_time < 3 * small_time


def test_labels_of_four_and_five_digits_are_labels():
    notice = parse_text(_problems(4_000))
    assert len(notice.problems) == 4_000
    assert notice.problems[-1].label == "(4000)"
    assert all(len(p.measures) <= 1 for p in notice.problems)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("补种茶苗", id="lines-left-open"),
        pytest.param("责任单位：办公室", id="ledger-fields"),
        pytest.param("一是建台账；②定期查；首先，", id="markers"),
    ],
)
def test_doubling_one_long_problem_less_than_triples_the_time(line: str):
    def notice(n: int) -> str:
        return "二、巡察反馈问题整改落实情况\n1.茶园管护不到位\n" + f"{line}\n" * n

    parse_text(notice(500))
    # ~0.1 s runs: the best of five on each side keeps a busy machine's noise out.
    small_time, large_time = _cpu_times(notice(10_000), notice(20_000), rounds=5)
    assert large_time < 3 * small_time
