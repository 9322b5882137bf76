"""The parser against the five published seed notices and their gold answers.

The seeds are read from ``shared/corpus`` beside the repository at test time; scoring
uses the shared scorer itself, imported from its file.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.core.notice_variants import CORPUS, gold, load_scorer, seed_stems, seed_text
from zhenggai.core.notices import parse_text

pytestmark = pytest.mark.skipif(
    not (CORPUS / "gold").is_dir() or load_scorer() is None,
    reason=f"seed corpus or scorer not found beside the repository ({CORPUS})",
)


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
    assert f1 >= 0.98
    assert exact >= 0.95 * tp
    assert meta_ok >= 0.95 * meta_n


@pytest.mark.parametrize("stem", seed_stems() or ["none"])
def test_labels_codes_sections_and_aspect_paths_match_the_gold(
    stem: str, parsed: dict[str, dict[str, Any]]
):
    expected = gold(stem)["problems"]
    found = parsed[stem]["problems"]
    assert len(found) == len(expected)
    for want, got in zip(expected, found, strict=True):
        assert got["line"] == want["line"]
        assert _norm(got["label"]) == _norm(want["label"])
        assert got["code"] == want["code"]
        assert got["section"] == want["section"]
        assert got["long_term"] == want["long_term"]
        assert [_norm(a) for a in got["aspects"]] == [_norm(a) for a in want["aspects"]]


@pytest.mark.parametrize("stem", seed_stems() or ["none"])
def test_sections_attachments_and_contacts_match_the_gold(
    stem: str, parsed: dict[str, dict[str, Any]]
):
    want, got = gold(stem), parsed[stem]
    assert [(s["number"], _norm(s["title"])) for s in got["sections"]] == [
        (s["number"], _norm(s["title"])) for s in want["sections"]
    ]
    assert [_norm(a) for a in got["attachments"]] == [_norm(a) for a in want["attachments"]]
    assert got["contacts"]["address"] == want["contacts"]["address"]
    assert got["inspection"]["targets"] == want["inspection"]["targets"]


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
