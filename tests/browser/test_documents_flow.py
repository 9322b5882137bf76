"""In a real browser: the office marks a problem 不宜公开, generates both notices and the
rectification report; the secretary approves the report; a closed measure's 对账销号单
downloads with a name that says what it is."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_notice_flow import new_page
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure, ProgressUpdate, Regulation
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

    # A regulation on the registers page, and a progress update's figures on its measure's page.
    regulation = Regulation.objects.filter(inspection=inspection).order_by("issued_on", "id")[0]
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/registers/")
    entry = page.locator(f"#regulation-{regulation.pk}")
    entry.locator("summary").click()
    entry.locator("select[name=reason]").select_option("harm")
    with page.expect_navigation():
        entry.locator("button:has-text('保存')").click()
    page.wait_for_selector(f"#regulation-{regulation.pk}:has-text('不宜公开（可能引发不良影响）')")
    page.screenshot(path=str(screenshot_dir / "withholding-registers.png"), full_page=True)
    update = _latest_update_with_figures(inspection, problem)
    figure = f"{update.figures[0]['label']}{update.figures[0]['value']}{update.figures[0]['unit']}"
    page.goto(f"{live_server.url}{update.measure.get_absolute_url()}")
    box = page.locator(f"#update-{update.pk}")
    box.locator("summary:has-text('数据公开范围')").click()
    box.locator("select[name=reason]").select_option("open_case")
    with page.expect_navigation():
        box.locator("button:has-text('保存')").click()
    page.wait_for_selector(f"#update-{update.pk}:has-text('数据不宜公开（未结案件）')")
    page.locator(f"#update-{update.pk}").screenshot(
        path=str(screenshot_dir / "withholding-figures.png")
    )

    # Both notices from the ledger: the internal one keeps the problem, the public one not;
    # the office chooses to say how many problems and measures the public one leaves out.
    page.goto(f"{live_server.url}/notices/")
    form = page.locator("form", has_text=inspection.title)
    form.locator("input[name=note_withheld]").check()
    page.locator("section.card", has=form).screenshot(
        path=str(screenshot_dir / "notice-generate.png")
    )
    form.locator(f"text=生成社会通报：{inspection.title}").click()
    page.wait_for_url("**/edit/")
    body = page.input_value("textarea[name=body]")
    assert problem.title not in body and figure not in _line(body, update.measure.text)
    assert regulation.title not in _line(body, "整改工作开展以来")
    assert "不宜公开，本通报未列出" in body
    page.goto(f"{live_server.url}/notices/")
    page.locator("form", has_text=inspection.title).locator("text=生成党内通报").click()
    page.wait_for_url("**/edit/")
    body = page.input_value("textarea[name=body]")
    assert problem.title in body and figure in _line(body, update.measure.text)
    assert regulation.title in _line(body, "整改工作开展以来")
    assert "不宜公开" not in body
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


def _latest_update_with_figures(inspection, problem) -> ProgressUpdate:
    """A public measure's latest progress update that reports figures (the notice prints them)."""
    for m in Measure.objects.filter(problem__inspection=inspection).exclude(problem=problem):
        latest = m.updates.order_by("-date", "-id").first()
        if latest and latest.figures:
            return latest
    raise AssertionError("the demo reports figures with its progress")


def _line(body: str, text: str) -> str:
    """The paragraph that holds ``text`` (a measure's, or part 一's counts of the registers)."""
    return next(line for line in body.splitlines() if text in line)
