"""In a real browser: the 巡察办's desk on the demo — overview, quality checks,
a spot check that reopens a measure, and 举一反三 tasks from a cluster."""

import pytest

from tests.browser.conftest import sign_in
from tests.desk.scale import build_scale
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import Organisation
from zhenggai.oversight.models import SpotCheckItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _songling():
    return Inspection.objects.get(organisation__short_name="松岭镇", round__contains="第七轮")


def test_overview_and_quality_page(page, live_server, screenshot_dir):
    build_demo()
    sign_in(page, live_server, "oversight", PASSWORD)
    page.click("nav >> text=督导总览")
    page.wait_for_selector("[data-chart=rank_bars][data-ready='1']")
    assert page.locator("table.desk-table tbody tr").count() >= 5
    assert page.locator("svg.spark polyline").count() >= 5
    page.set_viewport_size({"width": 1760, "height": 900})
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "overview.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("table.desk-table >> text=逾期数")
    page.wait_for_selector("th.sorted >> text=逾期数")
    page.select_option("select[name=category]", "department")
    page.click("form.filters button")
    page.wait_for_url("**category=department**")
    assert page.locator("table.desk-table tbody tr").count() == 1
    assert "sort=overdue" in page.url  # the filters keep the chosen order
    page.locator("table.desk-table tbody a").first.click()
    page.wait_for_selector("h1 >> text=中共溪山县农业农村局党组")
    page.locator("text=台账").first.click()
    page.wait_for_selector("nav.tabs >> text=整改台账")

    page.goto(f"{live_server.url}/inspections/{_songling().pk}/quality/")
    rules = set(page.locator(".finding").evaluate_all("els => els.map(e => e.dataset.rule)"))
    assert len(rules) == 9
    page.screenshot(path=str(screenshot_dir / "quality.png"), full_page=False)


def test_drawing_a_sample_and_failing_one_reopens_the_measure(page, live_server):
    build_demo()
    inspection = _songling()
    sign_in(page, live_server, "county", PASSWORD)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/spot-checks/")
    page.fill("input[name=requested]", "2")
    page.click("button >> text=随机抽取")
    page.wait_for_selector("text=已随机抽取 2 项已销号措施")
    assert "随机种子" in page.locator("main").inner_text()
    row = page.locator("tr[data-item]").first
    item = SpotCheckItem.objects.get(pk=int(row.get_attribute("data-item")))
    assert Measure.objects.get(pk=item.measure_id).status == Measure.Status.CLOSED
    row.locator("input[value=failed]").check()
    row.locator("textarea[name=note]").fill("走访5户，3户称未接到通知")
    row.locator("button >> text=记录结果").click()
    page.wait_for_selector("text=核查不实，措施已重新打开整改")
    assert Measure.objects.get(pk=item.measure_id).status == Measure.Status.IN_PROGRESS
    page.goto(f"{live_server.url}/measures/{item.measure_id}/")
    assert "推进中" in page.locator("main").inner_text()


def test_issuing_self_checks_from_a_cluster_reaches_two_other_ledgers(
    page, live_server, screenshot_dir
):
    build_demo()
    sign_in(page, live_server, "oversight", PASSWORD)
    page.goto(f"{live_server.url}/oversight/common-problems/")
    cluster = page.locator("section.cluster", has_text="公车").first
    assert cluster.locator("mark").count() >= 2
    page.screenshot(path=str(screenshot_dir / "clusters.png"), full_page=False)
    in_cluster = {
        Problem.objects.get(pk=int(pk)).inspection.organisation.display_name
        for pk in cluster.get_attribute("data-cluster").split(",")
    }
    cluster.locator("text=交办举一反三自查").click()
    page.wait_for_selector("h1 >> text=交办举一反三自查")
    labels = page.locator("#id_organisations label")
    chosen = []
    for i in range(labels.count()):
        name = labels.nth(i).inner_text().strip()
        if name not in in_cluster:
            labels.nth(i).locator("input").check()
            chosen.append(name)
        if len(chosen) == 2:
            break
    assert len(chosen) == 2
    page.click("button >> text=交办")
    page.wait_for_selector("text=已向 2 个组织交办举一反三自查")
    for name in chosen:
        problem = Problem.objects.get(code="举一反三", inspection__organisation__short_name=name)
        measure = problem.measures.get()
        assert measure.deadline is not None
        ledger = f"{live_server.url}/inspections/{problem.inspection_id}/ledger/"
        page.goto(ledger)
        assert "举一反三" in page.locator("main").inner_text()


def test_overview_stays_readable_with_sixty_organisations(page, live_server, screenshot_dir):
    build_demo()
    city = Organisation.objects.get(short_name="临江市委")
    build_scale(city, 60, 12)
    sign_in(page, live_server, "oversight", PASSWORD)
    page.goto(f"{live_server.url}/oversight/")
    page.wait_for_selector("[data-chart=rank_bars][data-ready='1']")
    assert page.locator("[data-chart=rank_bars]").count() == 2  # top 15 and bottom 15
    assert "第 1 / 2 页" in page.locator(".pager").inner_text()
    page.set_viewport_size({"width": 1760, "height": 900})
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "overview-60.png"), full_page=False)
