"""The overview at city scale: filters, sort, pages, export, and a fixed query count."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.desk.scale import build_scale
from zhenggai.inspections.models import Inspection
from zhenggai.oversight.overview import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = reverse("oversight:overview")


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
def test_query_count_is_the_same_for_5_and_500_organisations(world, login):
    client = login(world.oversight)
    build_scale(world.city, 5, 6, leader=world.leader)
    small = _queries(client)
    build_scale(world.city, 495, 6, leader=world.leader, start=5)
    large = _queries(client)
    assert small == large  # the first look of the day: every inspection's counts made
    # The day's counts are kept: another page of the same overview reads them back.
    assert _queries(client, {"sort": "overdue", "desc": "1", "page": "3"}) < large


def test_rows_are_paged_and_sortable(world, login):
    build_scale(world.city, PAGE_SIZE + 5, 3)
    client = login(world.oversight)
    page1 = client.get(URL).content.decode()
    assert "第 1 / 2 页" in page1
    page2 = client.get(URL, {"page": 2}).content.decode()
    assert page2.count('href="/oversight/organisations/') == 7  # 55 towns + the 2 towns
    by_name = client.get(URL, {"sort": "name"}).context["page"].object_list
    names = [r.organisation.display_name for r in by_name]
    assert names == sorted(names)


def test_filters_by_round_variant_category_and_status(world, login, monkeypatch):
    monkeypatch.setattr("zhenggai.oversight.views.today", lambda: dt.date(2026, 10, 1))
    world.inspection.round = "第二轮"
    world.inspection.variant = Inspection.Variant.SPECIAL
    world.inspection.save()
    client = login(world.oversight)

    def orgs(**params):
        rows = client.get(URL, params).context["page"].object_list
        return {r.organisation.name for r in rows}

    assert orgs(round="第二轮") == {"青山镇党委"}
    assert orgs(variant="special") == {"青山镇党委"}
    assert orgs(variant="regular") == {"白河镇党委"}
    assert orgs(category="village") == set()
    assert orgs(year="2026") == {"青山镇党委", "白河镇党委"}
    assert orgs(status="overdue") == {"青山镇党委"}  # 追缴欠缴租金 was due 2026-09-30
    assert orgs(status="open") == {"白河镇党委"}
    assert orgs(status="done") == set()


def test_drill_down_organisation_to_inspection_to_ledger(world, login):
    client = login(world.oversight)
    page = client.get(URL).content.decode()
    org_url = reverse("oversight:organisation", args=[world.town.pk])
    assert org_url in page
    org_page = client.get(org_url).content.decode()
    assert reverse("ledger:ledger", args=[world.inspection.pk]) in org_page
    assert world.inspection.get_absolute_url() in org_page


def test_excel_export_writes_formula_like_names_as_text(world, login):
    world.town.name = '=HYPERLINK("http://x")'
    world.town.save()
    r = login(world.oversight).get(URL, {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=False))
    assert rows[0][1].value == "被巡察党组织"
    cell = next(row[1] for row in rows[1:] if str(row[1].value).startswith("="))
    assert cell.data_type == "s"


def test_units_may_not_open_the_overview(world, login):
    assert login(world.unit).get(URL).status_code == 403
    f.org("空白单位", world.city)
    assert login(world.outsider).get(URL).status_code == 200
