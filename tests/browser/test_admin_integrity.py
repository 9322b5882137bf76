"""In a real browser: the administrator finds workflow records read-only in /admin/,
corrects a typo through the “更正” page, and reads the last history check."""

import pytest

from tests.browser.conftest import sign_in
from zhenggai.audit.integrity import verify_history
from zhenggai.audit.models import AuditEvent
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.ledger.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_corrects_a_typo_and_reads_the_history_check(page, live_server, screenshot_dir):
    build_demo()
    measure = Measure.objects.order_by("pk").first()
    sign_in(page, live_server, "admin", PASSWORD)

    page.goto(f"{live_server.url}/admin/ledger/measure/{measure.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0  # view only: no save button
    assert page.locator("a.deletelink").count() == 0
    page.click("text=更正整改措施")
    page.fill("textarea[name=text]", measure.text + "（更正）")
    page.fill("input[name=reason]", "补全措施表述")
    page.screenshot(path=str(screenshot_dir / "admin-correct.png"))
    page.click("input[type=submit]")
    assert "并记入操作记录" in page.locator("ul.messagelist").inner_text()
    event = AuditEvent.objects.get(action="measure.correct")
    assert event.note == "更正：补全措施表述"

    AuditEvent.objects.filter(pk=event.pk - 1).update(note="被人从数据库里改过")
    verify_history()
    page.goto(f"{live_server.url}/admin/audit/chainverification/")
    assert f"操作记录 #{event.pk - 1}" in page.locator("#result_list").inner_text()
    page.screenshot(path=str(screenshot_dir / "history-check.png"))
