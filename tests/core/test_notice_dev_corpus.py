"""The parser against the development notices (``shared/corpus/dev``): habits the seeds
lack. Scored with the shared scorer against the issue's targets, over all ten together."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.notice_variants import hard_wrap, load_scorer, to_fullwidth
from tests.corpus import require_corpus
from zhenggai.core.notices import parse_file, parse_text
from zhenggai.core.notices.text import looks_hard_wrapped, make_line


def _score(shape: Callable[[str], str] | None = None) -> list[dict[str, Any]]:
    folder: Path = require_corpus("dev")
    scorer = load_scorer()
    assert scorer is not None, "the shared scorer is missing"
    results = []
    for gold_file in sorted(folder.glob("D*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if shape is None:
            prediction = parse_file(gold_file.with_suffix(".txt")).to_dict()
        else:
            text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
            if looks_hard_wrapped([make_line(n, t) for n, t in enumerate(text.splitlines())]):
                continue  # already a PDF copy: wrapping it again is no shape users have
            prediction = parse_text(shape(text)).to_dict()
        results.append(scorer.score(gold, prediction))
    assert results, "no development notices found"
    return results


def _totals(results: list[dict[str, Any]]) -> tuple[float, float, float]:
    gold = sum(r["gold"] for r in results)
    pred = sum(r["pred"] for r in results)
    tp = sum(r["tp"] for r in results)
    measures = sum(r["measures"][0] for r in results) / tp
    meta = sum(r["meta"][0] for r in results) / sum(r["meta"][1] for r in results)
    return 2 * tp / (gold + pred), measures, meta


@pytest.fixture(scope="module")
def scored() -> list[dict[str, Any]]:
    return _score()


def test_development_notices_reach_the_problem_measure_and_metadata_targets(
    scored: list[dict[str, Any]],
):
    f1, measures, meta = _totals(scored)
    assert f1 >= 0.97
    assert measures >= 0.95
    assert meta >= 0.95


def test_every_development_notice_finds_most_of_its_problems(scored: list[dict[str, Any]]):
    assert all(r["f1"] >= 0.9 for r in scored), [r["missed"] for r in scored]


@pytest.mark.parametrize("shape", ["fullwidth", "wrapped_60", "wrapped_76"])
def test_development_notices_in_other_shapes_still_reach_the_targets(shape: str):
    shapes: dict[str, Callable[[str], str]] = {
        "fullwidth": to_fullwidth,
        "wrapped_60": lambda t: hard_wrap(t, columns=60),
        "wrapped_76": lambda t: hard_wrap(t, columns=76),
    }
    f1, measures, meta = _totals(_score(shapes[shape]))
    assert f1 >= 0.97
    assert measures >= 0.9
    assert meta >= 0.9
