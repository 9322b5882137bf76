import datetime as dt

import pytest

from zhenggai.core.text import fold, normalize_text, read_date


def test_normalize_maps_full_width_letters_and_digits_but_keeps_chinese_punctuation():
    assert normalize_text("　问题１２，ＡＢ  c\t") == "问题12，AB c"


def test_fold_ignores_width_spaces_and_a_final_full_stop():
    assert fold("集体资产 租赁管理不规范。") == fold("集体资产租赁管理不规范")
    assert fold("问题１") == "问题1"


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-30",
        "2025/6/30",
        "2025.6.30",
        "2025年6月30日",
        "２０２５年６月３０日前",
        "2025 年 6 月 30 日",
    ],
)
def test_written_dates(text):
    assert read_date(text) == dt.date(2025, 6, 30)


@pytest.mark.parametrize("text", ["2025-13-45", "6月30日", "下周", ""])
def test_unreadable_dates_give_none(text):
    assert read_date(text) is None
