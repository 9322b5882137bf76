"""Sub-headings inside one problem ("关于…。一是…二是…关于…。一是…") are kept as measure
groups, never dropped nor glued onto the measure above them (invented notice 松岗镇)."""

from __future__ import annotations

from tests.core.group_notice import SONGGANG
from tests.core.test_notice_render import data, measure
from zhenggai.core import notice_render as nr
from zhenggai.core.notices import parse_text
from zhenggai.core.notices.render import render_markdown


def _problems():
    return parse_text(SONGGANG).problems


def test_an_unnumbered_sub_heading_groups_the_run_of_measures_after_it():
    river = _problems()[0]
    assert [(m.group, m.label) for m in river.measures] == [
        ("关于上游支流垃圾堆积", "一是"),
        ("关于上游支流垃圾堆积", "二是"),
        ("关于沿河排污口底数不清", "一是"),
        ("关于沿河排污口底数不清", "二是"),
    ]
    # The heading of the second run is not glued onto the last measure of the first.
    assert river.measures[1].text == "每周巡河两次，发现问题即时清理。"
    # The same sentence under two groups is two different measures.
    first, third = river.measures[0], river.measures[2]
    assert first.text == third.text and first.group != third.group


def test_numbered_sub_headings_keep_their_number_and_may_hold_a_clause():
    forest = _problems()[1]
    assert [m.group for m in forest.measures] == [
        "（1）关于护林员配备不足，巡山频次偏低方面",
        "（1）关于护林员配备不足，巡山频次偏低方面",
        "（2）对于防火通道年久失修",
    ]
    assert [m.text for m in forest.measures] == [
        "新聘护林员14名。",
        "实行网格巡山。",
        "修缮通道6.5公里。",
    ]


def test_a_sub_heading_on_a_line_of_its_own_is_a_group_not_a_measure():
    sorting = _problems()[2]
    assert [(m.group, m.text) for m in sorting.measures] == [
        ("关于分类设施不足", "新增分类投放点40个。"),
        ("关于分类设施不足", "配齐分类运输车3辆。"),
        ("关于居民参与度不高", "开展入户宣传120场次。"),
    ]


def test_an_introduction_that_says_what_was_done_is_not_a_sub_heading():
    sewer = _problems()[3]
    assert [m.group for m in sewer.measures] == [None, None]


def test_the_group_is_in_the_json_only_when_there_is_one():
    river, *_, sewer = parse_text(SONGGANG).to_dict()["problems"]
    assert river["measures"][0]["group"] == "关于上游支流垃圾堆积"
    assert "group" not in sewer["measures"][0]


def test_a_generated_notice_prints_each_sub_heading_and_numbers_its_measures_again():
    problem = nr.ProblemItem(
        "河道保洁不到位",
        measures=[
            measure("建立保洁台账", group="关于上游支流垃圾堆积"),
            measure("每周巡河两次", group="关于上游支流垃圾堆积"),
            measure("建立保洁台账", group="关于沿河排污口底数不清"),
        ],
    )
    body = nr.build_notice(data(aspects=[nr.AspectNode("方面", problems=[problem])])).body_text()
    assert "关于上游支流垃圾堆积。一是建立保洁台账。" in body
    assert "\n二是每周巡河两次。" in body
    assert "关于沿河排污口底数不清。一是建立保洁台账。" in body
    # Read back, the generated notice gives the same groups.
    parsed = parse_text(body).problems[0]
    assert [m.group for m in parsed.measures] == [
        "关于上游支流垃圾堆积",
        "关于上游支流垃圾堆积",
        "关于沿河排污口底数不清",
    ]


def test_the_markdown_outline_lists_measures_under_their_sub_heading():
    text = render_markdown(parse_text(SONGGANG))
    assert "- 关于上游支流垃圾堆积\n  - 一是 建立保洁台账。\n  - 二是 每周巡河两次" in text
    assert "\n- 一是 更换管道2公里。" in text
