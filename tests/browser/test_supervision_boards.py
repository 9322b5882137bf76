"""In a real browser: the battle map, the dashboard (ECharts) and a bulletin."""

import pytest

from tests.browser.conftest import sign_in
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_opens_battle_map_dashboard_and_bulletin(page, live_server, screenshot_dir):
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    sign_in(page, live_server, "office", PASSWORD)

    page.goto(f"{live_server.url}/inspections/{inspection.pk}/battle-map/")
    page.wait_for_selector("[data-chart=gantt][data-ready='1']")
    assert page.locator(".board-row").count() > 3
    page.wait_for_selector("a.cell.red")  # a row's cards load as it comes into view
    page.locator(".board-row").last.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert page.locator(".board-cells:has-text('载入中')").count() == 0
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "battle-map.png"), full_page=True)

    page.click("text=按问题方面")
    page.wait_for_url("**by=aspect")
    assert "贯彻落实上级决策部署方面" in page.locator(".board").inner_text()
    page.wait_for_selector("a.cell")
    href = page.locator("a.cell").first.get_attribute("href")
    # Rows load their cards as they come into view, in any order: "the first card" can
    # change between reading it and clicking it, so click the card that was read.
    page.locator(f"a.cell[href='{href}']").first.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h2", has_text="督导督办").count() == 1

    page.goto(f"{live_server.url}/inspections/{inspection.pk}/dashboard/")
    page.wait_for_selector("html[data-charts-ready='1']")
    assert page.locator("[data-chart][data-ready='1']").count() == 6
    assert page.locator("canvas").count() >= 6
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=False)

    page.click("nav.tabs >> text=工作通报")
    page.locator("table.rows a").first.click()
    page.wait_for_selector("article.bulletin")
    assert "责任单位排名" in page.locator("article.bulletin").inner_text()
    page.screenshot(path=str(screenshot_dir / "bulletin.png"), full_page=False)
    with page.expect_download() as download:
        page.click("text=下载 Word")
    assert download.value.suggested_filename.endswith(".docx")


def test_oversight_office_compares_towns_and_drills_down(page, live_server):
    build_demo()
    sign_in(page, live_server, "oversight", PASSWORD)
    page.click("text=督导总览")
    page.wait_for_selector("[data-chart=rank_bars][data-ready='1']")
    page.locator("table.desk-table tbody a", has_text="云溪镇党委").click()
    page.locator("table.desk-table >> text=看板").first.click()
    page.wait_for_selector("html[data-charts-ready='1']")
    assert page.locator("h1").inner_text() == "数据看板"
