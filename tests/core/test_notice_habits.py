"""Fictional notices of our own, in habits the seeds and the development corpus lack.

``fixtures/notices/T*.txt`` were used while tuning; ``fixtures/notices/held_out/`` were
written before the parser was changed for them and scored once as a check on
generalisation (see docs/PARSER.md for the figures). Each ``.json`` beside a notice is
its expected answer in the shape of the notice JSON contract, ``measures`` as a count.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.core.notice_variants import hard_wrap
from zhenggai.core.notices import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "notices"
NOTICES = sorted(FIXTURES.glob("*.json")) + sorted((FIXTURES / "held_out").glob("*.json"))
META = ["title", "issuer", "published", "inspection", "disclosure", "contacts"]


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace()).rstrip("。.")


def _outline(problems: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            _norm(p["label"]),
            p["code"],
            _norm(p["title"]),
            tuple(_norm(a) for a in p["aspects"]),
            p["section"],
            p["long_term"],
            p["measures"] if isinstance(p["measures"], int) else len(p["measures"]),
        )
        for p in problems
    ]


@pytest.mark.parametrize("gold_file", NOTICES, ids=lambda p: p.stem)
def test_each_fictional_notice_parses_to_its_expected_outline(gold_file: Path):
    want = json.loads(gold_file.read_text(encoding="utf-8"))
    got = parse_file(gold_file.with_suffix(".txt")).to_dict()
    assert _outline(got["problems"]) == _outline(want["problems"])
    for key in META:
        assert got[key] == want[key], key
    assert got["regulations"] == want["regulations"]


def test_there_are_tuning_and_held_out_notices():
    assert len([p for p in NOTICES if p.parent.name == "held_out"]) >= 3
    assert len(NOTICES) >= 6


def test_ledger_fields_go_onto_the_problem_and_its_measures():
    text = (
        "二、巡察反馈问题整改落实情况\n"
        "问题：档案管理不规范\n"
        "整改措施：一是补齐缺失档案；二是建立借阅登记制度。\n"
        "责任单位：办公室、档案室\n"
        "整改时限：2025年3月31日\n"
        "整改进展：已完成。\n"
        "【问题】公务接待超标准\n"
        "【整改措施】严格执行接待审批单制度。\n"
        "【责任部门】财务科\n"
        "【完成时限】长期坚持\n"
    )
    first, second = parse_text(text).to_dict()["problems"]
    assert first["title"] == "档案管理不规范"
    assert [m["label"] for m in first["measures"]] == ["一是", "二是"]
    assert first["lead_unit"] == "办公室、档案室"
    assert (first["deadline"], first["deadline_date"]) == ("2025年3月31日", "2025-03-31")
    assert first["progress"] == "已完成"
    assert first["measures"][1]["lead_unit"] == "办公室、档案室"
    assert second["title"] == "公务接待超标准"
    assert len(second["measures"]) == 1
    assert (second["lead_unit"], second["deadline"], second["deadline_date"]) == (
        "财务科",
        "长期坚持",
        None,
    )


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("问题三：", "问题三"),
        ("第三，", "第三"),
        ("其三，", "其三"),
        ("３）", "３）"),
        ("【3】", "【3】"),
        ("(1003)", "(1003)"),
    ],
)
def test_every_label_form_opens_a_problem(heading: str, label: str):
    text = (
        f"二、巡察反馈问题整改落实情况\n{heading}食堂采购管理混乱\n一是公开招标；二是每月盘点。\n"
    )
    (problem,) = parse_text(text).problems
    assert (problem.label, problem.title, len(problem.measures)) == (label, "食堂采购管理混乱", 2)


def test_an_enumerated_aspect_holds_problems_numbered_again_under_each():
    text = (
        "二、巡察反馈问题整改落实情况\n"
        "一是政治建设方面。\n1.学习不深入\n首先，制定学习计划。\n其次，开展研讨。\n"
        "2.调研不够\n开展专题调研4次。\n"
        "二是作风建设方面。\n1.会议偏多\n精简会议三成。\n"
    )
    problems = parse_text(text).problems
    assert [(p.label, p.aspects, len(p.measures)) for p in problems] == [
        ("1.", ["政治建设方面"], 2),
        ("2.", ["政治建设方面"], 1),
        ("1.", ["作风建设方面"], 1),
    ]


@pytest.mark.parametrize("columns", [60, 76])
@pytest.mark.parametrize("gold_file", NOTICES, ids=lambda p: p.stem)
def test_each_fictional_notice_hard_wrapped_like_a_pdf_keeps_its_outline(
    gold_file: Path, columns: int
):
    want = json.loads(gold_file.read_text(encoding="utf-8"))
    text = hard_wrap(gold_file.with_suffix(".txt").read_text(encoding="utf-8"), columns)
    got = parse_text(text).to_dict()
    assert _outline(got["problems"]) == _outline(want["problems"])


def test_an_action_that_mentions_an_aspect_is_still_a_measure():
    text = (
        "二、巡察反馈问题整改落实情况\n（1）问题1：学习流于形式\n"
        "一是全面排查理论学习方面存在的问题，建立台账。\n二是制定学习规则。\n"
    )
    (problem,) = parse_text(text).problems
    assert [m.label for m in problem.measures] == ["一是", "二是"]
