"""In Chromium: a Word notice whose problems are in a table, and a notice written as
ledger blocks, import into ledgers with lead units and deadlines, the inspected
organisation taken from the document."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.browser.conftest import follow, sign_in
from tests.core.table_notices import table_notice
from tests.inspections.ledger_block_notice import LEDGER_BLOCK_NOTICE
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _town(name, short, units, username, world):
    town = f.org(name, world.city, f.Cat.REGION, f.Kind.COMMITTEE)
    town.short_name = short
    town.save()
    for unit in units:
        f.org(unit, town)
    return town, f.user(username, User.Role.OFFICE, town)


def _import(page, live_server, path):
    page.goto(f"{live_server.url}/notice-imports/new/")
    page.set_input_files("[name=file]", str(path))
    with page.expect_navigation():
        page.click("button:has-text('上传并预览')")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        follow(page, "button:has-text('确认导入')")
    assert "导入完成" in page.content()


def test_a_word_table_notice_imports_with_units_deadlines_and_its_own_organisation(
    page, live_server, world, screenshot_dir, tmp_path
):
    town, office = _town(
        "石桥镇党委", "石桥镇", ("镇党政办", "镇组织办", "镇财政所"), "shiqiao", world
    )
    path = tmp_path / "石桥镇整改通报.docx"
    path.write_bytes(table_notice())
    sign_in(page, live_server, office.username, f.PASSWORD)
    page.goto(f"{live_server.url}/notice-imports/new/")
    page.set_input_files("[name=file]", str(path))
    with page.expect_navigation():
        page.click("button:has-text('上传并预览')")
    assert page.locator("#id_organisation option:checked").inner_text().startswith("石桥镇党委")
    assert "责任单位：镇组织办 · 整改时限：2024年8月31日" in page.content()
    page.screenshot(path=str(screenshot_dir / "import-notice-table.png"), full_page=False)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        follow(page, "button:has-text('确认导入')")
    assert "导入完成" in page.content() and "按通报记录整改进展 5 条" in page.content()
    page.screenshot(path=str(screenshot_dir / "import-notice-ledger.png"), full_page=False)
    assert "镇组织办" in page.content()
    inspection = Inspection.objects.get(organisation=town)
    measures = Measure.objects.filter(problem__inspection=inspection)
    assert measures.count() == 5
    assert not measures.filter(lead_unit__isnull=True).exists()
    assert measures.filter(deadline__isnull=False).count() == 4


def test_a_ledger_block_notice_imports_with_units_and_deadlines(
    page, live_server, world, screenshot_dir, tmp_path
):
    town, office = _town(
        "桂溪镇党委", "桂溪镇", ("镇党政办", "镇财政所", "镇便民服务中心"), "guixi", world
    )
    path = tmp_path / "桂溪镇整改通报.txt"
    path.write_text(LEDGER_BLOCK_NOTICE, encoding="utf-8")
    sign_in(page, live_server, office.username, f.PASSWORD)
    _import(page, live_server, path)
    page.screenshot(path=str(screenshot_dir / "import-notice-ledger-blocks.png"), full_page=False)
    inspection = Inspection.objects.get(organisation=town)
    measures = Measure.objects.filter(problem__inspection=inspection).order_by("pk")
    assert [m.lead_unit.name for m in measures] == ["镇党政办", "镇财政所", "镇便民服务中心"]
    assert [str(m.deadline) for m in measures] == ["2024-10-31", "2024-12-31", "None"]
    assert measures[2].kind == Measure.Kind.LONG_TERM
    assert all(m.updates.exists() for m in measures)
