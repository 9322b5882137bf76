"""The clerk's daily tools in Chromium, as the office and as a unit, at desktop and
phone width: the search box in the top bar (hostile input included), and a register
entry corrected, then withdrawn after a confirmation. Screenshots in docs/screenshots/."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories as f
from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD
from zhenggai.ledger.actions import do_add_recovery
from zhenggai.ledger.models import Recovery
from zhenggai.publication.models import Notice, PublicComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>"


def as_user(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user.username, PASSWORD)


def search_from_top_bar(page, words):
    page.fill(".topsearch input[name=q]", words)
    with page.expect_navigation():
        page.press(".topsearch input[name=q]", "Enter")


def seed(world):
    f.measure(world.problem, world.agri, world.leader, text="清理集体资产租赁合同，逐份登记")
    f.measure(world.problem, world.finance, world.leader2, text="追收租赁合同欠缴租金")
    f.measure(world.problem, world.agri, world.leader, text=f"{HOSTILE}租赁合同公示")
    notice = Notice.objects.create(
        inspection=world.inspection, title="整改情况通报", status=Notice.Status.PUBLISHED
    )
    PublicComment.objects.create(
        notice=notice,
        text="村里的租赁合同没有公示，请核查。",
        contact="13900002222",
        receipt_code="S1",
        unit=world.agri,
        status=PublicComment.Status.ROUTED,
    )


def test_search_as_office_and_unit_at_desktop_and_phone(page, live_server, world, screenshot_dir):
    seed(world)
    as_user(page, live_server, world.office)
    search_from_top_bar(page, "租赁合同")
    assert page.locator("#search-measure mark").first.inner_text() in {"租赁", "合同"}
    assert page.locator("#search-opinion li").count() == 1
    assert "13900002222" not in page.content()
    assert page.evaluate("window.__pwned") is None  # the hostile measure stayed text
    assert "<script>window.__pwned" in page.locator("#search-measure").inner_text()
    page.screenshot(path=str(screenshot_dir / "search-office.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "search-office-phone.png"), full_page=True)

    # Very long, SQL-ish and empty queries: the page answers, in Chinese, nothing leaks.
    page.goto(f"{live_server.url}/search/?q={'合同' * 2000}")
    assert "只按前 50 个字" in page.content()
    page.goto(f"{live_server.url}/search/?q=%25%27%20OR%201%3D1%20--")
    # Words "or" and "1", AND-ed: only the hostile measure holds both; no SQL is run.
    assert page.locator(".search-hits li").count() == 1
    assert "onerror" in page.locator(".search-hits li").inner_text()
    page.goto(f"{live_server.url}/search/?q=")
    assert "请输入要查找的词语" in page.content()

    # The unit 农业办 finds its own measures and the opinion routed to it, not 财政所's.
    page.set_viewport_size(DESKTOP)
    as_user(page, live_server, world.unit)
    search_from_top_bar(page, "租赁合同")
    measures = page.locator("#search-measure").inner_text()
    assert "逐份登记" in measures and "欠缴租金" not in measures
    assert page.locator("#search-opinion li").count() == 1
    page.set_viewport_size(PHONE)
    page.reload()
    page.screenshot(path=str(screenshot_dir / "search-unit-phone.png"), full_page=True)
    follow(page, "#search-opinion li a")
    assert "租赁合同没有公示" in page.content() and "13900002222" not in page.content()


def test_a_register_entry_is_corrected_then_withdrawn_after_a_confirmation(
    page, live_server, world, screenshot_dir
):
    entry = do_add_recovery(
        world.office,
        world.inspection,
        kind=Recovery.Kind.RECOVERED,
        amount_wan_yuan=Decimal("3.2"),
        problems=[world.problem],
    )
    do_add_recovery(
        world.office,
        world.inspection,
        kind=Recovery.Kind.RENT,
        amount_wan_yuan=Decimal("1.5"),
        problems=[world.problem],
    )
    base = live_server.url
    as_user(page, live_server, world.office)
    page.goto(f"{base}/inspections/{world.inspection.pk}/registers/")
    follow(page, f"a[href='/registers/recovery/{entry.pk}/']")
    page.fill("input[name=correct-amount_wan_yuan]", "3.5")
    follow(page, "button:has-text('保存更正')")
    assert "金额 3.2 → 3.5" in page.content()

    page.fill("input[name=withdraw-reason]", "与另一条重复登记")
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.click("button:has-text('撤回该记录')")  # dismissed: nothing happens
    assert questions and "不再计入任何统计" in questions[0]
    assert Recovery.objects.filter(pk=entry.pk).exists()
    page.once("dialog", lambda d: d.accept())
    follow(page, "button:has-text('撤回该记录')")
    assert page.locator("li.withdrawn del").inner_text().startswith("追回 3.50 万元")
    assert "1.50" in page.locator(".tile").nth(3).inner_text()  # the total leaves it out
    page.screenshot(path=str(screenshot_dir / "registers-withdrawn.png"), full_page=True)
    page.goto(f"{base}/registers/recovery/{entry.pk}/")
    page.screenshot(path=str(screenshot_dir / "register-entry-history.png"), full_page=True)

    as_user(page, live_server, world.unit)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/inspections/{world.inspection.pk}/registers/")
    page.screenshot(path=str(screenshot_dir / "registers-unit-phone.png"), full_page=True)
    assert page.locator("li.withdrawn").count() == 1


def test_working_days_in_the_measure_form_count_from_the_feedback_date(
    page, live_server, world, screenshot_dir
):
    import datetime as dt

    world.inspection.feedback_date = dt.date(2026, 9, 25)  # a Friday before National Day
    world.inspection.save(update_fields=["feedback_date"])
    as_user(page, live_server, world.office)
    page.goto(f"{live_server.url}/problems/{world.problem.pk}/measures/new/")
    assert "从本轮巡察的反馈日期起算" in page.content()
    page.fill("textarea[name=text]", "建立租赁合同台账")
    page.select_option("select[name=leader]", str(world.leader.pk))
    page.select_option("select[name=lead_unit]", str(world.agri.pk))
    page.fill("input[name=working_days]", "5个工作日")
    page.screenshot(path=str(screenshot_dir / "measure-working-days.png"), full_page=True)
    follow(page, "button[type=submit]")
    message = page.locator(".msg").first.inner_text()
    assert "从反馈日期（2026年9月25日）起算" in message and "2026年10月9日" in message
