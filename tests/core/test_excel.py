"""The core ledger writer and reader, without Django."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from zhenggai.core import excel
from zhenggai.core import ledger_import as li
from zhenggai.core.lights import ProblemStatus

TODAY = dt.date(2026, 12, 2)  # the working-day base when an inspection has no feedback date


def _rows():
    for p in range(3):
        for m in range(p + 1):  # problem 0 has one measure, 1 two, 2 three
            yield excel.LedgerRow(
                problem_key=str(p),
                seq=str(p + 1),
                aspect="一、落实主体责任方面",
                problem=f"虚构问题{p}",
                problem_code=f"问题{p + 1}",
                measure=f"虚构措施{p}-{m}",
                leader="王一",
                lead_unit="农业办",
                co_units="财政所、东村",
                deadline=dt.date(2026, 7, 1 + m),
                status="推进中",
                light=["red", "yellow", "green"][m],
                row_id=f"P{p}-M{p * 10 + m}",
            )


def _write(writer=excel.write_ledger, rows=None):
    buf = io.BytesIO()
    writer(_rows() if rows is None else rows, buf, title="虚构台账")
    buf.seek(0)
    return openpyxl.load_workbook(buf)


def test_ledger_has_title_frozen_header_and_hidden_id_column():
    ws = _write().active
    assert ws["A1"].value == "虚构台账"
    assert [c.value for c in ws[2]][:11] == [
        "序号", "所属方面", "反馈问题", "整改措施", "责任领导", "责任单位",
        "配合单位", "整改时限", "整改进展", "完成情况", "佐证材料",
    ]  # fmt: skip
    assert ws["H2"].value == "整改时限"
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["O"].hidden
    assert ws.column_dimensions["D"].width == 44
    assert ws["D3"].alignment.wrap_text


def test_problem_cells_are_merged_over_their_measures():
    ws = _write().active
    merged = {str(r) for r in ws.merged_cells.ranges}
    # problem 0: row 3 alone (no merge); problem 1: rows 4-5; problem 2: rows 6-8
    assert {"C4:C5", "C6:C8", "A6:A8", "B4:B5", "M6:M8", "A1:P1"} <= merged
    assert not any(r.startswith("C3:") for r in merged)
    assert ws["C6"].value == "虚构问题2"
    assert ws["D8"].value == "虚构措施2-2"


def test_deadlines_are_real_dates_and_lights_are_fills():
    ws = _write().active
    assert ws["H3"].value.date() == dt.date(2026, 7, 1)
    assert ws["H3"].number_format == "yyyy-mm-dd"
    assert ws["L4"].value == "红灯"
    assert ws["L4"].fill.fgColor.rgb.endswith("F4B6B6")
    assert ws["L5"].value == "黄灯"
    assert ws["L5"].fill.fgColor.rgb.endswith("FBE7A1")


def test_problem_list_counts_and_status():
    rows = [excel.ProblemRow("1", "虚构问题", "一、方面", "问题3", 4, 4, ProblemStatus.DONE)]
    ws = _write(excel.write_problem_list, rows).active
    assert [c.value for c in ws[2]] == [
        "序号", "反馈问题", "所属方面", "问题编号", "整改措施数", "已销号数", "整改状态",
    ]  # fmt: skip
    assert [c.value for c in ws[3]][3:] == ["问题3", 4, 4, "已完成整改"]


def test_responsibility_list_has_a_sheet_per_leader_and_per_unit():
    rows = list(_rows())
    buf = io.BytesIO()
    excel.write_responsibility_list(
        (("王一", r) for r in rows), (("农业办", r) for r in rows), buf, title="虚构"
    )
    wb = openpyxl.load_workbook(buf)
    assert wb.sheetnames == ["按责任领导", "按责任单位"]
    assert "A3:A8" in {str(r) for r in wb["按责任领导"].merged_cells.ranges}


# ---------------------------------------------------------------- reading


def test_export_round_trips_through_the_reader():
    buf = io.BytesIO()
    excel.write_ledger(_rows(), buf, title="虚构台账")
    table = li.read_table(buf.getvalue())
    assert table.header_row == 2
    mapping = li.guess_mapping(table.headers)
    assert mapping["deadline"] == 7 and mapping["row_id"] == 14 and mapping["code"] == 12
    units = li.Names("单位", [(1, ["农业办"]), (2, ["财政所"]), (3, ["东村党支部", "东村"])])
    leaders = li.Names("责任领导", [(9, ["王一", "wangyi"])])
    result = li.parse_table(table, mapping, leaders=leaders, units=units, today=TODAY)
    assert result.errors == []
    assert [len(p.measures) for p in result.problems] == [1, 2, 3]
    m = result.problems[2].measures[1]
    assert (m.leader_id, m.lead_unit_id, m.co_unit_ids) == (9, 1, [2, 3])
    assert m.deadline == dt.date(2026, 7, 2)
    assert (result.problems[2].problem_pk, m.measure_pk) == (2, 21)


def test_unusual_headers_are_mapped_by_synonyms():
    headers = [
        "序",
        "存在问题",
        "具体整改措施",
        "分管领导",
        "牵头单位（部门）",
        "协办单位",
        "完成时限（必填）",
        "进展情况",
    ]
    mapping = li.guess_mapping(headers)
    assert mapping == {
        "seq": 0, "problem": 1, "measure": 2, "leader": 3, "lead_unit": 4,
        "co_units": 5, "deadline": 6, "progress": 7,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-30", dt.date(2025, 6, 30)),
        ("2025/6/30", dt.date(2025, 6, 30)),
        ("2025.6.30", dt.date(2025, 6, 30)),
        ("2025年6月30日", dt.date(2025, 6, 30)),
        ("２０２５年６月３０日前", dt.date(2025, 6, 30)),
        ("2025年6月底", dt.date(2025, 6, 30)),
        ("2025年12月底前", dt.date(2025, 12, 31)),
        (dt.datetime.combine(dt.date(2025, 6, 30), dt.time()), dt.date(2025, 6, 30)),
        (45838, dt.date(2025, 6, 30)),
        ("5个工作日", dt.date(2025, 6, 9)),  # from Monday 2025-06-02
    ],
)
def test_dates_in_every_way_offices_write_them(value, expected):
    assert li.parse_date(value, dt.date(2025, 6, 2), TODAY)[0] == expected


def test_long_term_deadline_sets_the_kind():
    assert li.parse_date("长期坚持", None, TODAY) == (None, "long_term")


@pytest.mark.parametrize("value", ["2025-13-45", "明年", "2025年2月30日", 12])
def test_bad_dates_are_refused(value):
    with pytest.raises(ValueError, match="请写成 2025-06-30 或 2025年6月30日"):
        li.parse_date(value, None, TODAY)


def test_unknown_name_suggests_the_closest():
    units = li.Names("单位", [(1, ["农业农村办公室", "农业办"]), (2, ["财政所"])])
    pk, reason = units.resolve("农业农村办")
    assert pk is None
    assert "系统中没有名为“农业农村办”的单位" in reason and "是否为“农业农村办公室”" in reason


def test_a_file_that_is_not_excel_is_refused_in_chinese():
    with pytest.raises(li.LedgerFileError, match="无法读取该文件"):
        li.read_table(b"not a workbook")


def test_uploaded_workbooks_are_parsed_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed: uploaded .xlsx files are untrusted XML"


def test_a_deadline_in_running_text_is_found():
    import datetime as dt

    from zhenggai.core.ledger_import import find_deadline

    feedback = dt.date(2024, 7, 2)
    assert find_deadline("2024年12月31日前完成", feedback, TODAY) == (dt.date(2024, 12, 31), None)
    assert find_deadline("2024年9月底", feedback, TODAY) == (dt.date(2024, 9, 30), None)
    assert find_deadline("长期坚持", feedback, TODAY) == (None, "long_term")
    assert find_deadline("立行立改，已于8月完成", feedback, TODAY) == (None, "immediate")
    assert find_deadline("按计划推进", feedback, TODAY) == (None, None)
    assert find_deadline("", None, TODAY) == (None, None)


def test_working_days_without_a_feedback_date_count_from_today():
    # 2026-09-25 is a Friday; 1–7 October are holidays: five working days end on 9 October.
    assert li.parse_date("5个工作日", None, dt.date(2026, 9, 25))[0] == dt.date(2026, 10, 9)


def test_the_streamed_writer_keeps_every_row_and_cell_kind_across_its_batched_writes():
    """Rows reach the zip in batches (core.xlsx.ROWS_PER_WRITE) and merges too: a sheet of
    several batches, with merges past the batch size, reads back whole and in order;
    text stays text (never a formula) and loses only the characters XML forbids."""
    from zhenggai.core import xlsx

    out = io.BytesIO()
    book = xlsx.Workbook(out)
    plain = book.style(xlsx.Style())
    sheet = book.sheet("表", [xlsx.Col(10)] * 5)
    day_style = book.style(xlsx.Style(date=True))
    n = xlsx.ROWS_PER_WRITE * 24 + 7  # and over 1,000 merges below
    for i in range(n):
        last = ("a\x01b<&>", plain) if i % 2 else (True, plain)
        sheet.row(
            [(f"=A{i}+1", plain), (i, plain), (dt.date(2026, 1, 1), day_style), (None, plain), last]
        )
    merges = [f"D{i}:D{i + 1}" for i in range(1, n, 2)]
    sheet.close(iter(merges), len(merges))
    book.close()
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == n
    for i, (formula, number, day, empty, last) in enumerate(rows):
        assert (formula, number, empty) == (f"=A{i}+1", i, None)
        assert day.date() == dt.date(2026, 1, 1)
        assert last == ("ab<&>" if i % 2 else True)
    assert ws.cell(1, 1).data_type == "s"  # a string, not a formula
    assert len(ws.merged_cells.ranges) == len(merges)
