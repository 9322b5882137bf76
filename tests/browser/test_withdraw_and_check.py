"""As the office in Chromium: withdraw a wrong progress update from the measure page, see
the warning a failed history check puts on it, and check the history now (issue 12)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD
from tests.ledger.files import PDF
from zhenggai.audit.integrity import verify_history
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WRONG = "东村报错到本措施的进展"


def test_office_withdraws_a_wrong_update_then_meets_a_failed_check(
    page, live_server, world, screenshot_dir
):
    update = actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text=WRONG,
        files=[Upload("错传.pdf", PDF)],
    )
    sign_in(page, live_server, "office", PASSWORD)
    page.goto(live_server.url + world.measure.get_absolute_url())
    follow(page, "article.update >> text=撤回")
    page.fill("textarea[name=reason]", "东村的进展报到了本措施")
    page.screenshot(path=str(screenshot_dir / "withdraw-confirm.png"))
    follow(page, "button:has-text('确认撤回')")
    assert "已撤回进展" in page.content()
    progress = page.locator("section.card:has(h2:text('整改进展'))").inner_text()
    assert WRONG not in progress
    history = page.locator("section.card:has(h2:text('变更记录'))").inner_text()
    assert "撤回整改进展" in history and "已撤回" in history
    assert ProgressUpdate.all_objects.get(pk=update.pk).is_withdrawn

    # Someone edits a recorded event directly in the database; the daily check finds it.
    event = AuditEvent.objects.filter(action="measure.progress").get()
    AuditEvent.objects.filter(pk=event.pk).update(note="数据库里改过")
    verify_history()
    page.goto(live_server.url + world.measure.get_absolute_url())
    alert = page.locator("#history-alert").inner_text()
    assert "历史校验未通过" in alert and f"#{event.pk}" in alert and "系统管理员" in alert
    page.screenshot(path=str(screenshot_dir / "history-warning.png"))
    follow(page, "#history-alert >> text=查看校验结果")
    follow(page, "button:has-text('立即校验')")
    assert "校验发现问题" in page.content()
    assert "第一条异常记录为" in page.locator("#last-check").inner_text()
    page.screenshot(path=str(screenshot_dir / "history-check-page.png"), full_page=True)
