"""Figures in progress text, and the dates and years the notices leave out."""

from __future__ import annotations

from datetime import date

import pytest

from zhenggai.core.figures import extract_figures
from zhenggai.core.notices.dates import find_dates, find_range, resolve_range, standalone_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展专题学习12次", [(12, "次", "12次")]),
        ("受理案件61宗，培训人员443人次", [(61, "宗", "61宗"), (443, "人次", "443人次")]),
        (
            "清理垃圾12.375吨，追回资金208.16万元",
            [(12.375, "吨", "12.375吨"), (208.16, "万元", "208.16万元")],
        ),
        ("修缮凉亭38个，完成率87.5%", [(38, "个", "38个"), (87.5, "%", "87.5%")]),
        ("查处违停约4.2万宗", [(42000, "宗", "4.2万宗")]),
        ("筹资1.6亿元建设茶厂", [(16000, "万元", "1.6亿元")]),
        ("处罚15000元", [(15000, "元", "15000元")]),
        (
            "流转土地1,200亩，新增面积2.2万平方米",
            [(1200, "亩", "1,200亩"), (22000, "平方米", "2.2万平方米")],
        ),
        (
            "铺设管网23.45公里，走访茶企96家，办结1,036件",
            [(23.45, "公里", "23.45公里"), (96, "家", "96家"), (1036, "件", "1,036件")],
        ),
        ("组织了三次演练、两万余人次参与", [(3, "次", "三次"), (20000, "人次", "两万余人次")]),
        ("新增宣传栏２００个", [(200, "个", "２００个")]),
        ("接待2000余人次", [(2000, "人次", "2000余人次")]),
    ],
)
def test_figures_are_found_with_their_units(text, expected):
    assert [(f.value, f.unit, f.text) for f in extract_figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "第3次会议",
        "一次性办结",
        "三个月内",
        "下降6.55个百分点",
        "2024年1月",
        "拨打12345热线",
        "做到“两个维护”",
        "每两次",
    ],
)
def test_ordinals_durations_and_dates_are_not_figures(text):
    assert extract_figures(text) == []


def test_figure_to_dict_gives_value_unit_and_printed_text():
    figure = extract_figures("约谈5人次")[0]
    assert figure.to_dict() == {"value": 5, "unit": "人次", "text": "5人次"}


def test_a_date_range_takes_the_year_and_month_it_leaves_out_from_its_start():
    found = find_range("公开期限:2025年6月9日至23日。")
    assert found is not None
    assert resolve_range(*found) == (date(2025, 6, 9), date(2025, 6, 23))


def test_a_range_over_new_year_moves_its_end_into_the_next_year():
    found = find_range("2023年12月20日至1月10日")
    assert found is not None
    assert resolve_range(*found) == (date(2023, 12, 20), date(2024, 1, 10))


def test_a_date_without_a_year_falls_after_the_date_it_follows():
    feedback = find_dates("1月15日,巡察组反馈意见")[0]
    assert feedback.resolve(2024, after=date(2024, 12, 6)) == date(2025, 1, 15)
    assert feedback.resolve(2024, after=date(2023, 12, 1)) == date(2024, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年8月30日", date(2024, 8, 30)),
        (" 2024年 8月 3日 ", date(2024, 8, 3)),
        ("二〇二四年十月十日", date(2024, 10, 10)),
        ("2024-02-02", date(2024, 2, 2)),
        ("2024年2月30日", None),
        ("2024年8月30日印发", None),
    ],
)
def test_a_signature_date_is_a_line_holding_only_a_date(text, expected):
    assert standalone_date(text) == expected
