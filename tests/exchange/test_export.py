"""Excel exports: content, scope, the per-unit ledger, query counts and the CLI."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from tests.exchange.helpers import body
from zhenggai.exchange.exporting import export_unit_ledger

pytestmark = pytest.mark.django_db


def download(client, inspection, which="ledger", **params):
    url = reverse("exchange:export", args=[inspection.pk, which])
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_office_downloads_the_full_ledger_with_merged_problem_and_real_dates(login, world):
    ws = download(login(world.office), world.inspection).active
    rows = body(ws)
    assert [r[3] for r in rows] == ["清查全部租赁合同", "追缴欠缴租金", "修订财务制度"]
    assert rows[0][2] == "集体资产租赁管理不规范" and rows[1][2] is None
    assert "C3:C5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["H4"].value.date() == dt.date(2026, 9, 30)
    assert rows[1][6] == "农业办"  # co-unit
    assert rows[0][12] == "问题1"
    assert rows[0][14] == f"P{world.problem.pk}-M{world.measure.pk}"
    assert ws.freeze_panes == "A3"


def test_unit_export_holds_only_the_units_own_measures(login, world):
    rows = body(download(login(world.unit), world.inspection).active)
    assert [r[3] for r in rows] == ["清查全部租赁合同", "追缴欠缴租金"]


def test_leader_export_holds_only_their_measures(login, world):
    rows = body(download(login(world.leader2), world.inspection).active)
    assert [r[3] for r in rows] == ["追缴欠缴租金", "修订财务制度"]


def test_three_lists(login, world):
    client = login(world.oversight)
    problems = download(client, world.inspection, "problems").active
    assert body(problems) == [
        ["1", "集体资产租赁管理不规范", "一、方面一", "问题1", 3, 0, "正在推进"]
    ]
    measures = download(client, world.inspection, "measures").active
    assert measures.title == "任务清单" and len(body(measures)) == 3
    wb = download(client, world.inspection, "responsibility")
    assert wb.sheetnames == ["按责任领导", "按责任单位"]
    assert [r[0] for r in body(wb["按责任单位"])] == ["农业办", "财政所", None]


def test_village_ledger_for_the_notice_attachment(world):
    f.measure(world.problem, world.village, world.leader, text="东村自查合同")
    data = export_unit_ledger(world.inspection, world.village)
    rows = body(openpyxl.load_workbook(io.BytesIO(data)).active)
    assert [r[3] for r in rows] == ["东村自查合同"]


def test_export_filtered_to_a_unit_through_the_url(login, world):
    ws = download(login(world.office), world.inspection, unit=world.finance.pk).active
    assert [r[3] for r in body(ws)] == ["追缴欠缴租金", "修订财务制度"]
    url = reverse("exchange:export", args=[world.inspection.pk, "ledger"])
    assert login(world.office).get(url, {"unit": world.other_town.pk}).status_code == 404


def test_unknown_list_is_404(login, world):
    url = reverse("exchange:export", args=[world.inspection.pk, "nonsense"])
    assert login(world.office).get(url).status_code == 404


EXPORT_MAX = 11  # session, user, inspection, light policy, aspects, measures, co-units, problems…
# The whole ledger adds its 指标汇总 sheet: the oversight indicators' fixed set of grouped
# queries (zhenggai.oversight.indicators.inspection_indicators; the policy is read again).
# The counts are kept for the day: four more on their first look (oversight.snapshots).
LEDGER_MAX = EXPORT_MAX + 8 + 4


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize("which", ["ledger", "problems", "responsibility"])
def test_export_query_count_is_fixed(login, world, rows, which, django_assert_max_num_queries):
    f.many_measures(
        world.inspection, rows, [world.agri, world.finance], leader=world.leader, co_unit=world.agri
    )
    client = login(world.office)
    url = reverse("exchange:export", args=[world.inspection.pk, which])
    with django_assert_max_num_queries(LEDGER_MAX if which == "ledger" else EXPORT_MAX):
        response = client.get(url)
        b"".join(response.streaming_content)
    assert response.status_code == 200


def test_cli_exports_each_list(world, tmp_path):
    for which in ["ledger", "problems", "measures", "responsibility"]:
        out = tmp_path / f"{which}.xlsx"
        stdout = io.StringIO()
        call_command(
            "export_ledger",
            str(world.inspection.pk),
            "--list",
            which,
            "-o",
            str(out),
            stdout=stdout,
        )
        assert "已导出" in stdout.getvalue()
        assert openpyxl.load_workbook(out).active["A1"].value.startswith(world.inspection.title)


def test_cli_export_of_one_unit(world, tmp_path):
    out = tmp_path / "agri.xlsx"
    call_command(
        "export_ledger",
        str(world.inspection.pk),
        "--unit",
        str(world.agri.pk),
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    assert len(body(openpyxl.load_workbook(out).active)) == 2


def test_the_download_starts_before_the_rows_are_read(login, world, django_assert_num_queries):
    f.many_measures(world.inspection, 3000, [world.agri, world.finance])
    url = reverse("exchange:export", args=[world.inspection.pk, "ledger"])
    response = login(world.office).get(url)
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        assert next(chunks) == b""  # headers go out before any row is queried
    sizes = [len(c) for c in chunks]
    assert len([s for s in sizes if s]) > 2  # the file arrives in pieces as it is made
