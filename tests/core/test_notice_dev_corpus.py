"""The parser against the development notices (``shared/corpus/dev``): habits the seeds
lack. Scored with the shared scorer against the issue's targets, over all ten together."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.core.notice_variants import load_scorer
from tests.corpus import require_corpus
from zhenggai.core.notices import parse_file


@pytest.fixture(scope="module")
def scored() -> list[dict[str, Any]]:
    folder: Path = require_corpus("dev")
    scorer = load_scorer()
    assert scorer is not None, "the shared scorer is missing"
    results = []
    for gold_file in sorted(folder.glob("D*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        prediction = parse_file(gold_file.with_suffix(".txt")).to_dict()
        results.append(scorer.score(gold, prediction))
    assert results, "no development notices found"
    return results


def test_development_notices_reach_the_problem_measure_and_metadata_targets(
    scored: list[dict[str, Any]],
):
    gold = sum(r["gold"] for r in scored)
    pred = sum(r["pred"] for r in scored)
    tp = sum(r["tp"] for r in scored)
    assert 2 * tp / (gold + pred) >= 0.97
    assert sum(r["measures"][0] for r in scored) >= 0.95 * tp
    assert sum(r["meta"][0] for r in scored) >= 0.95 * sum(r["meta"][1] for r in scored)


def test_every_development_notice_finds_most_of_its_problems(scored: list[dict[str, Any]]):
    assert all(r["f1"] >= 0.9 for r in scored), [r["missed"] for r in scored]
