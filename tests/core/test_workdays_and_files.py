import datetime as dt

import pytest

from tests.ledger.files import PDF, PNG, docx_bytes, zip_bytes
from zhenggai.core.filetypes import FileTypeError, check_upload
from zhenggai.core.workdays import add_months, add_working_days, parse_working_days


def test_working_days_skip_the_national_day_holiday():
    # 2026-09-30 is a Wednesday; 1–7 October are holidays.
    assert add_working_days(dt.date(2026, 9, 30), 1).date == dt.date(2026, 10, 8)


def test_working_days_count_a_make_up_saturday():
    # Saturday 2026-10-10 is an official make-up working day (调休).
    assert add_working_days(dt.date(2026, 10, 9), 1).date == dt.date(2026, 10, 10)


def test_years_without_a_published_calendar_are_flagged_approximate():
    result = add_working_days(dt.date(2026, 12, 28), 10)
    assert result.approximate and result.date.year == 2027


@pytest.mark.parametrize(
    ("text", "days"), [("15个工作日", 15), ("１５个工作日内", 15), ("7工作日", 7), ("下周", None)]
)
def test_working_day_phrases(text, days):
    assert parse_working_days(text) == days


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("name", "data"),
    [("a.pdf", PDF), ("a.PNG", PNG), ("a.docx", docx_bytes()), ("a.zip", zip_bytes())],
)
def test_accepted_files(name, data):
    assert check_upload(name, data)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.exe", PDF, "不在允许范围"),
        ("a.pdf", PNG, "与扩展名"),
        ("a.docx", zip_bytes(), "与扩展名"),
        ("a.pdf", b"hello", "无法识别"),
    ],
)
def test_refused_files(name, data, reason):
    with pytest.raises(FileTypeError, match=reason):
        check_upload(name, data)


def test_working_day_deadlines_count_from_the_feedback_date_else_today():
    from zhenggai.core.workdays import working_days_deadline

    friday, later = dt.date(2026, 9, 25), dt.date(2026, 12, 2)
    counted = working_days_deadline(5, feedback=friday, today=later)
    assert (counted.date, counted.base, counted.from_feedback) == (
        dt.date(2026, 10, 9),
        friday,
        True,
    )
    fallback = working_days_deadline(5, feedback=None, today=friday)
    assert (fallback.date, fallback.from_feedback) == (dt.date(2026, 10, 9), False)
