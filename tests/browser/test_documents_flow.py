"""In a real browser: the office marks a problem 不宜公开, generates both notices and the
rectification report; the secretary approves the report; a closed measure's 对账销号单
downloads with a name that says what it is."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_notice_flow import new_page
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.publication.models import Notice, RectificationReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_notices_report_approval_and_closure_sheet(chromium, page, live_server, screenshot_dir):
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    problem = Problem.objects.filter(inspection=inspection).order_by("order", "id")[1]
    sign_in(page, live_server, "office", PASSWORD)

    # Mark a problem 未结案件 on its page.
    page.goto(f"{live_server.url}{problem.get_absolute_url()}")
    page.select_option("#withholding select[name=reason]", "open_case")
    page.click("#withholding button:has-text('保存')")
    page.wait_for_selector("#withholding:has-text('未结案件')")
    page.locator("#withholding").screenshot(path=str(screenshot_dir / "withholding.png"))

    # Both notices from the ledger: the internal one keeps the problem, the public one not.
    page.goto(f"{live_server.url}/notices/")
    page.click(f"text=生成社会通报：{inspection.title}")
    page.wait_for_url("**/edit/")
    assert problem.title not in page.input_value("textarea[name=body]")
    page.goto(f"{live_server.url}/notices/")
    page.locator("form", has_text=inspection.title).locator("text=生成党内通报").click()
    page.wait_for_url("**/edit/")
    assert problem.title in page.input_value("textarea[name=body]")
    internal = Notice.objects.get(audience=Notice.Audience.INTERNAL)
    page.goto(f"{live_server.url}/notices/{internal.pk}/")
    assert "党内通报" in page.inner_text("#notice-audience")
    assert "党内通报不公开发布" in page.content()

    # The rectification report: generate, submit; the secretary approves.
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    page.click("#documents >> text=整改情况报告")
    page.click("#generate-report")
    page.wait_for_selector("#report-status:has-text('草稿')")
    page.click("button:has-text('提交审批')")
    page.wait_for_selector("#report-status:has-text('待审批')")
    page.screenshot(path=str(screenshot_dir / "report-page.png"))
    secretary = new_page(chromium)
    sign_in(secretary, live_server, "lin.zhiyuan", PASSWORD)
    secretary.goto(page.url)
    secretary.click("button:has-text('审批通过')")
    secretary.wait_for_selector("#report-status:has-text('已审批')")
    assert RectificationReport.objects.get().approved_by.username == "lin.zhiyuan"
    with secretary.expect_download() as download:
        secretary.click("text=下载 Word")
    name = download.value.suggested_filename
    assert "巡察整改情况报告-" in name and name.endswith(".docx")

    # A closed measure's 对账销号单.
    closed = Measure.objects.filter(problem__inspection=inspection, status="closed").first()
    page.goto(f"{live_server.url}{closed.get_absolute_url()}")
    with page.expect_download() as download:
        page.click("#closure-sheet")
    name = download.value.suggested_filename
    assert name.startswith("对账销号单-") and name.endswith(".docx")
