"""Who was inspected, however the opening words it: the organisation, and the villages of
a 对村巡察 (invented sentences)."""

from __future__ import annotations

import pytest

from zhenggai.core.notices import parse_text

OPENING = "根据区委统一部署，2024年9月2日至11月1日，区委第四巡察组{}12月10日反馈了巡察意见。"


def _targets(clause: str) -> list[str]:
    text = (
        "中共松岗镇委员会关于区委第四巡察组巡察整改进展情况的通报\n"
        + OPENING.format(clause)
        + "现将整改进展情况予以公布。\n一、巡察反馈问题整改落实情况\n"
        "1.针对“村务公开不及时”的问题。一是按季公开村务。\n中共松岗镇委员会\n2025年4月8日\n"
    )
    return parse_text(text).inspection.targets


@pytest.mark.parametrize(
    ("clause", "targets"),
    [
        ("对松岗镇党委开展了巡察。", ["松岗镇党委"]),
        ("对柳塘村、桂花村开展了对村巡察。", ["柳塘村", "桂花村"]),
        ("对柳塘村、桂花村、石门社区等3个村(社区)开展了巡察。", ["柳塘村", "桂花村", "石门社区"]),
        ("巡察了柳塘村、桂花村。", ["柳塘村", "桂花村"]),
        ("开展了对村巡察，巡察了柳塘村、桂花村等2个村。", ["柳塘村", "桂花村"]),
        ("对松岗镇开展了为期两个月的常规巡察。", ["松岗镇"]),
        ("对松岗镇柳塘村党支部进行了对村巡察。", ["松岗镇柳塘村党支部"]),
        ("对松岗镇党委开展了村级财务管理专项巡察。", ["松岗镇党委"]),
        (
            "对松岗镇党委开展了巡察，同时对柳塘村、桂花村等2个村开展了对村巡察。",
            ["松岗镇党委", "柳塘村", "桂花村"],
        ),
        ("对松岗镇下辖的柳塘村、桂花村开展了巡察。", ["柳塘村", "桂花村"]),
    ],
)
def test_the_inspected_organisations_are_read_from_any_wording(clause, targets):
    assert _targets(clause) == targets


def test_words_that_only_look_like_a_round_name_no_target():
    assert _targets("巡察了解到的问题已全部反馈。") == []
    assert _targets("进驻后召开了动员会。") == []
