"""The parser against the five published seed notices and their gold answers.

The seeds are read from ``shared/corpus`` beside the repository at test time; scoring
uses the shared scorer itself, imported from its file.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.core.notice_variants import gold, load_scorer, seed_stems, seed_text
from tests.corpus import require_corpus
from zhenggai.core.notices import parse_text


@pytest.fixture(autouse=True)
def _corpus() -> None:
    require_corpus("gold")
    require_corpus("seeds")


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace()).rstrip("。.")


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any]]:
    return {stem: parse_text(seed_text(stem)).to_dict() for stem in seed_stems()}


@pytest.mark.parametrize("stem", seed_stems() or ["none"])
def test_each_seed_scores_above_the_thresholds(stem: str, parsed: dict[str, dict[str, Any]]):
    scorer = load_scorer()
    assert scorer is not None
    result = scorer.score(gold(stem), parsed[stem])
    assert result["f1"] >= 0.95, result["missed"]
    matched, measures_exact = result["measures"][1], result["measures"][0]
    assert measures_exact >= 0.95 * matched
    assert result["meta"][0] >= 0.9 * result["meta"][1], result["meta_bad"]


def test_all_seeds_together_reach_problem_f1_measures_and_metadata_targets(
    parsed: dict[str, dict[str, Any]],
):
    scorer = load_scorer()
    assert scorer is not None
    gold_n = pred_n = tp = exact = meta_ok = meta_n = 0
    for stem, prediction in parsed.items():
        result = scorer.score(gold(stem), prediction)
        gold_n, pred_n, tp = gold_n + result["gold"], pred_n + result["pred"], tp + result["tp"]
        exact += result["measures"][0]
        meta_ok, meta_n = meta_ok + result["meta"][0], meta_n + result["meta"][1]
    f1 = 2 * tp / (gold_n + pred_n)
    assert f1 >= 0.99
    assert exact >= 0.95 * tp
    assert meta_ok >= 0.95 * meta_n


def test_labels_codes_sections_and_aspect_paths_mostly_agree_with_the_gold(
    parsed: dict[str, dict[str, Any]],
):
    """Measured over all seeds together: a threshold, not an exact copy of each seed."""
    scorer = load_scorer()
    assert scorer is not None
    agree = total = 0
    for stem, prediction in parsed.items():
        pairs = scorer.match_problems(gold(stem)["problems"], prediction["problems"])
        for want, got in pairs:
            total += 1
            agree += (
                _norm(got["label"]) == _norm(want["label"])
                and got["code"] == want["code"]
                and got["section"] == want["section"]
                and got["long_term"] == want["long_term"]
                and [_norm(a) for a in got["aspects"]] == [_norm(a) for a in want["aspects"]]
            )
    assert agree >= 0.95 * total


def test_sections_attachments_and_addresses_mostly_agree_with_the_gold(
    parsed: dict[str, dict[str, Any]],
):
    agree = total = 0
    for stem, got in parsed.items():
        want = gold(stem)
        checks = [
            [(s["number"], _norm(s["title"])) for s in got["sections"]]
            == [(s["number"], _norm(s["title"])) for s in want["sections"]],
            [_norm(a) for a in got["attachments"]] == [_norm(a) for a in want["attachments"]],
            _norm(got["contacts"]["address"]) == _norm(want["contacts"]["address"]),
        ]
        agree, total = agree + sum(checks), total + len(checks)
    assert agree >= 0.9 * total


def test_regulations_found_in_the_seeds_are_mostly_the_annotated_ones(
    parsed: dict[str, dict[str, Any]],
):
    found = expected = both = 0
    for stem, prediction in parsed.items():
        want = {_norm(r) for r in gold(stem)["regulations"]}
        got = {_norm(r) for r in prediction["regulations"]}
        found, expected, both = found + len(got), expected + len(want), both + len(want & got)
    assert 2 * both / (found + expected) >= 0.9


def test_every_measure_carries_its_figures(parsed: dict[str, dict[str, Any]]):
    figures = [
        figure
        for prediction in parsed.values()
        for problem in prediction["problems"]
        for measure in problem["measures"]
        for figure in measure["figures"]
    ]
    assert len(figures) > 300
    assert {"次", "宗", "万元", "亩", "%"} <= {f["unit"] for f in figures}
