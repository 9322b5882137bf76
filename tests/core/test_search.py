"""Search words (jieba, AND-ed) and the marked parts of a hit, without a database."""

from __future__ import annotations

from zhenggai.core.search import MAX_QUERY_CHARS, MAX_TERMS, highlight, parse_query


def test_a_query_is_cut_into_its_finest_words():
    assert parse_query("集体合同管理混乱").terms == ("集体", "合同", "管理", "混乱")


def test_punctuation_stop_words_and_repeats_are_dropped():
    assert parse_query("财务管理，不规范！财务").terms == ("财务", "管理", "规范")
    assert parse_query("的").terms == ("的",)  # only a stop word: searched as typed
    assert not parse_query("  ，。！ ") and not parse_query(None)


def test_full_width_and_case_are_folded():
    assert parse_query("ＡＢＣ１２３").terms == parse_query("abc123").terms


def test_long_queries_are_cut_and_say_so():
    query = parse_query("合同" * 100)
    assert len(query.text) == MAX_QUERY_CHARS and query.truncated
    many = parse_query("村务 财务 党务 合同 资产 资金 工程 项目 会议 文件")
    assert len(many.terms) == MAX_TERMS and many.truncated


def test_every_occurrence_is_marked_the_longest_term_first():
    parts = highlight("合同管理，租赁合同", ("合同", "租赁合同"))
    assert parts == [("合同", True), ("管理，", False), ("租赁合同", True)]


def test_a_long_text_is_cut_around_its_first_match():
    parts = highlight("甲" * 200 + "合同" + "乙" * 200, ("合同",), width=40)
    assert parts[0] == ("…", False) and parts[-1] == ("…", False)
    assert ("合同", True) in parts and sum(len(p) for p, _ in parts[1:-1]) == 40
