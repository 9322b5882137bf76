"""Importing a ledger from Excel: mapping, errors in Chinese, all-or-nothing, re-import."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.exchange.helpers import HEADERS, load, save, workbook_bytes
from zhenggai.audit.models import AuditEvent
from zhenggai.core.workdays import add_working_days
from zhenggai.exchange import exporting
from zhenggai.exchange.importing import ImportRefused, run_import
from zhenggai.inspections.models import Problem
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db

BAD_DATE = "第7行H列（整改时限）：“2025-13-45”不是有效日期，请写成 2025-06-30 或 2025年6月30日"


def good_rows():
    p1, p2, p3 = "村务公开不及时", "集体合同管理混乱", "会议过多过滥"
    return [
        ["1", "一、基层治理方面", p1, "每月5日前公开上月村务", "leader", "东村党支部", "",
         "2026-08-31"],
        ["", "", "", "建立公开台账", "leader", "东村党支部", "农业办", "2026年9月30日"],
        ["2", "", p2, "清理全部集体合同", "leader2", "财政所", "农业办、东村党支部",
         "2026/10/31"],
        ["", "", "", "收回逾期租金", "leader2", "财政所", "", dt.date(2026, 11, 30)],
        ["3", "二、作风建设方面", p3, "精简会议文件", "leader", "农业办", "", "20个工作日"],
    ]  # fmt: skip


def counts(inspection):
    return (
        Problem.objects.filter(inspection=inspection).count(),
        Measure.objects.filter(problem__inspection=inspection).count(),
        AuditEvent.objects.count(),
    )


def test_bad_date_in_row_7_column_h_is_reported_and_nothing_is_saved(world):
    rows = good_rows()
    rows[4][7] = "2025-13-45"  # data starts at row 3, so the fifth data row is row 7
    rows[1][5] = "东村支部"  # a second error: both are reported
    before = counts(world.inspection)
    with pytest.raises(ImportRefused) as caught:
        run_import(world.office, world.inspection, workbook_bytes(rows))
    assert BAD_DATE in caught.value.errors
    assert any(
        e.startswith("第4行F列（责任单位）：系统中没有名为“东村支部”的单位")
        for e in caught.value.errors
    )
    assert counts(world.inspection) == before


def test_a_good_file_imports_through_audited_actions(world):
    before = counts(world.inspection)
    result = run_import(world.office, world.inspection, workbook_bytes(good_rows()))
    assert result["problems_new"] == 3 and result["measures_new"] == 5
    after = counts(world.inspection)
    assert after[:2] == (before[0] + 3, before[1] + 5)
    assert AuditEvent.objects.filter(action="measure.create").count() >= 5
    m = Measure.objects.get(text="清理全部集体合同")
    assert m.lead_unit == world.finance and m.leader == world.leader2
    assert set(m.co_units.all()) == {world.agri, world.village}
    assert m.deadline == dt.date(2026, 10, 31)
    assert m.problem.aspect.label == "一、" and m.problem.aspect.title == "基层治理方面"
    expected = add_working_days(world.inspection.feedback_date, 20).date
    assert Measure.objects.get(text="精简会议文件").deadline == expected
    assert Measure.objects.get(text="精简会议文件").problem.aspect.title == "作风建设方面"


def test_a_second_import_updates_instead_of_duplicating(world):
    run_import(world.office, world.inspection, workbook_bytes(good_rows()))
    before = counts(world.inspection)
    rows = good_rows()
    rows[0][7] = "2026-09-15"  # a changed deadline
    rows[2][4] = "leader"  # a changed leader
    result = run_import(world.office, world.inspection, workbook_bytes(rows))
    assert result["problems_new"] == 0 and result["measures_new"] == 0
    assert result["measures_updated"] == 2
    assert counts(world.inspection)[:2] == before[:2]
    assert Measure.objects.get(text="每月5日前公开上月村务").deadline == dt.date(2026, 9, 15)
    assert AuditEvent.objects.filter(action="measure.update").count() == 2


def test_round_trip_export_edit_import_updates_exactly_by_hidden_id(world):
    path_bytes = _export(world)
    wb = load(path_bytes)
    ws = wb.active
    assert ws["O2"].value == "编号"
    ws["D3"] = "清查全部租赁合同并建立台账"  # edit the text of the first measure
    wb_bytes = save(wb)
    before = counts(world.inspection)
    result = run_import(world.office, world.inspection, wb_bytes)
    assert result["measures_new"] == 0 and result["measures_updated"] == 1
    assert counts(world.inspection)[:2] == before[:2]
    world.measure.refresh_from_db()
    assert world.measure.text == "清查全部租赁合同并建立台账"
    assert world.measure.version == 2
    event = AuditEvent.objects.filter(action="measure.update", measure=world.measure).get()
    assert event.before["text"] == "清查全部租赁合同" and event.actor == world.office


def test_reimporting_an_unchanged_export_changes_nothing(world):
    before = counts(world.inspection)
    result = run_import(world.office, world.inspection, _export(world))
    assert result["measures_same"] == 3 and result["measures_updated"] == 0
    assert counts(world.inspection) == before


def test_unusual_headers_are_mapped(world):
    headers = [
        "序",
        "存在问题",
        "具体整改措施",
        "分管领导",
        "牵头单位",
        "协办单位",
        "完成时限（必填）",
    ]
    rows = [["1", "档案管理不规范", "整理历年档案", "leader", "农业办", "财政所", "2026年12月底前"]]
    result = run_import(world.office, world.inspection, workbook_bytes(rows, headers))
    assert result["measures_new"] == 1
    m = Measure.objects.get(text="整理历年档案")
    assert (m.lead_unit, m.deadline) == (world.agri, dt.date(2026, 12, 31))


def test_unknown_unit_is_an_error_naming_row_column_and_the_closest_name(world):
    rows = [["1", "", "档案管理不规范", "整理历年档案", "leader", "农业局", "", "2026-12-31"]]
    with pytest.raises(ImportRefused) as caught:
        run_import(world.office, world.inspection, workbook_bytes(rows))
    assert caught.value.errors == [
        "第3行F列（责任单位）：系统中没有名为“农业局”的单位，是否为“农业办”？"
    ]


def test_an_id_from_another_inspection_is_refused(world):
    rows = [
        [
            "1",
            "",
            "问题",
            "措施",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            f"P{world.other_measure.problem_id}-M{world.other_measure.pk}",
        ]
    ]
    headers = [*HEADERS, "灯色", "问题编号", "整改类型", "编号"]
    with pytest.raises(ImportRefused) as caught:
        run_import(world.office, world.inspection, workbook_bytes(rows, headers))
    assert "不属于本次巡察的台账" in caught.value.errors[0]


def _export(world) -> bytes:
    import io

    buf = io.BytesIO()
    exporting.write_export(buf, world.inspection, "ledger")
    return buf.getvalue()


def test_a_row_added_below_an_exported_problem_becomes_a_new_measure_of_it(world):
    wb = load(_export(world))
    ws = wb.active
    ws.append(["", "", "", "补充措施：建立合同审查制度", "leader", "财政所", "", "2026-10-15"])
    result = run_import(world.office, world.inspection, save(wb))
    assert (result["problems_new"], result["measures_new"], result["measures_same"]) == (0, 1, 3)
    added = Measure.objects.get(text="补充措施：建立合同审查制度")
    assert added.problem == world.problem and added.lead_unit == world.finance


def test_a_leader_name_shared_by_two_users_is_ambiguous(world):
    world.leader2.full_name = "leader"
    world.leader2.save(update_fields=["full_name"])
    rows = [["1", "", "档案管理不规范", "整理历年档案", "leader", "农业办", "", "2026-12-31"]]
    with pytest.raises(ImportRefused) as caught:
        run_import(world.office, world.inspection, workbook_bytes(rows))
    assert caught.value.errors == [
        "第3行E列（责任领导）：有多个责任领导叫“leader”，请改写为全称或用户名以区分。"
    ]


def test_a_village_ledger_may_name_town_leaders_and_local_names_win(world):
    from tests import factories as f

    village_round = f.inspection(world.village, "对东村党支部巡察")
    f.org("农业办", world.other_town)  # the same name in a neighbouring town
    rows = [["1", "", "村务公开不及时", "每月公开村务", "leader", "东村党支部", "", "2026-12-31"]]
    result = run_import(world.office, village_round, workbook_bytes(rows))
    assert result["measures_new"] == 1
    m = Measure.objects.get(text="每月公开村务")
    assert (m.leader, m.lead_unit) == (world.leader, world.village)
    rows[0][5] = (
        "农业办"  # a town department leading a village measure: the town's, not the neighbour's
    )
    rows[0][3] = "另一条措施"
    run_import(world.office, village_round, workbook_bytes(rows))
    assert Measure.objects.get(text="另一条措施").lead_unit == world.agri


def test_editing_a_labelled_measure_cell_does_not_double_the_label(world):
    """Export → edit the 整改措施 cell → import → export: "四是" stays single."""
    Measure.objects.filter(pk=world.measure.pk).update(label="四是")
    wb = load(_export(world))
    ws = wb.active
    assert ws["D3"].value == "四是清查全部租赁合同"
    ws["D3"] = "四是清查全部租赁合同并建立台账"
    run_import(world.office, world.inspection, save(wb))
    world.measure.refresh_from_db()
    assert (world.measure.label, world.measure.text) == ("四是", "清查全部租赁合同并建立台账")
    again = load(_export(world)).active
    assert again["D3"].value == "四是清查全部租赁合同并建立台账"
    from zhenggai.publication.generate import notice_data

    assert "四是四是" not in str(notice_data(world.inspection))


def test_a_new_row_written_with_its_ordinal_keeps_it_as_the_label(world):
    rows = [["1", "", "新问题", "二是建立长效机制", "leader", "农业办", "", "2026-12-31"]]
    run_import(world.office, world.inspection, workbook_bytes(rows))
    m = Measure.objects.get(text="建立长效机制")
    assert m.label == "二是"


def test_the_measure_group_column_round_trips_and_an_edit_to_it_is_imported(world):
    Measure.objects.filter(pk=world.measure.pk).update(group="（1）关于合同清查")
    wb = load(_export(world))
    ws = wb.active
    assert ws["P2"].value == "措施分组" and ws["P3"].value == "（1）关于合同清查"
    unchanged = run_import(world.office, world.inspection, save(wb))
    assert unchanged["measures_same"] == 3 and unchanged["measures_updated"] == 0
    ws["P4"] = "（2）关于欠租追缴"
    result = run_import(world.office, world.inspection, save(wb))
    assert result["measures_updated"] == 1
    assert Measure.objects.get(pk=world.co_measure.pk).group == "（2）关于欠租追缴"
