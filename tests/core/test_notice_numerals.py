"""Chinese numerals as labels and dates print them (``core/numerals.py``)."""

import pytest

from zhenggai.core.numerals import cn_to_int
from zhenggai.core.numerals import int_to_cn as spell


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十五", 15), ("二十三", 23), ("九十九", 99), ("一百零八", 108),
     ("两千", 2000), ("三百", 300)],
)  # fmt: skip
def test_chinese_numerals_are_read(text: str, value: int):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "五是", "abc", "问题"])
def test_what_is_not_a_numeral_is_none(text: str):
    assert cn_to_int(text) is None


def test_spelling_and_reading_agree_below_a_hundred():
    assert all(cn_to_int(spell(n)) == n for n in range(1, 100))
    assert [spell(n) for n in (1, 10, 11, 20, 21)] == ["一", "十", "十一", "二十", "二十一"]
