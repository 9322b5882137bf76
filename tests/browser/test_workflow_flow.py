"""The heart of the system in a real browser: plan → progress → closure with a return
→ approval → the problem closes → a look-back finds a relapse → the measure reopens."""

import re

import pytest
from django.utils import timezone

from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD
from tests.ledger.files import PDF
from zhenggai.inspections.models import Problem
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import Measure, Recheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user.username, PASSWORD)


def submit(page, label):
    with page.expect_navigation():
        page.click(f"button:has-text('{label}')")


def test_plan_progress_return_approve_close_and_relapse(page, live_server, world, screenshot_dir):
    base = live_server.url
    # 1. The office registers a problem and plans two measures.
    as_user(page, live_server, world.office)
    page.goto(f"{base}/inspections/{world.inspection.pk}/problems/new/")
    page.select_option("[name=aspect]", label=f"{world.problem.aspect}")
    page.fill("[name=code]", "问题7")
    page.fill("[name=title]", "村级工程结算审核不严")
    submit(page, "保存")
    assert "村级工程结算审核不严" in page.locator("h1").inner_text()
    problem = Problem.objects.get(code="问题7")
    for text in ("复核全部工程结算", "建立结算审核制度"):
        page.click("text=新增整改措施")
        page.fill("[name=text]", text)
        page.select_option("[name=leader]", label="leader")
        page.select_option("[name=lead_unit]", label="农业办")
        page.fill("[name=deadline]", "2026-12-31")
        submit(page, "保存")
        follow(page, f"a:has-text('{problem.title}')")
    first, second = Measure.objects.filter(problem=problem).order_by("order")

    # 2. The unit reports progress with a file, then asks to close.
    as_user(page, live_server, world.unit)
    page.goto(f"{base}/measures/{first.pk}/")
    page.click("text=报送进展")
    page.fill("[name=text]", "已复核结算 8 项")
    page.fill("[name=figures]", "复核结算 8 项")
    page.set_input_files(
        "[name=files]", files=[{"name": "复核表.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    submit(page, "保存")
    assert "进展已报送" in page.content() and "复核表.pdf" in page.content()
    page.click("text=申请销号")
    page.fill("[name=note]", "结算已全部复核")
    submit(page, "提交申请")
    assert "待整改办审核" in page.content()

    # 3. The office returns it with a reason.
    as_user(page, live_server, world.office)
    page.goto(f"{base}/closures/")
    page.click("a.button:has-text('审核')")
    page.check("input[name=decision][value=return]")
    page.fill("[name=reason]", "请补充审核意见书")
    submit(page, "提交审核意见")
    assert "退回理由：请补充审核意见书" in page.content()

    # 4. The unit resubmits; the office accepts; the leader approves.
    as_user(page, live_server, world.unit)
    page.goto(f"{base}/measures/{first.pk}/")
    assert "退回理由：请补充审核意见书" in page.content()
    page.click("text=申请销号")
    page.fill("[name=note]", "已补充审核意见书")
    page.set_input_files(
        "[name=files]",
        files=[{"name": "审核意见书.pdf", "mimeType": "application/pdf", "buffer": PDF + b"2"}],
    )
    submit(page, "提交申请")

    as_user(page, live_server, world.office)
    page.goto(f"{base}/measures/{first.pk}/")
    page.click("text=审核销号申请")
    for box in ("evidence", "matches", "figures"):
        page.check(f"[name={box}]")
    page.check("input[name=decision][value=accept]")
    submit(page, "提交审核意见")

    # The second measure goes through the same actions directly, to keep the test short.
    actions.do_post_progress(
        world.unit,
        second,
        date=timezone.localdate(),
        text="制度已印发",
        files=[Upload("制度.pdf", PDF)],
    )
    c2 = actions.do_request_closure(world.unit, Measure.objects.get(pk=second.pk), note="已印发")
    actions.do_review_closure(
        world.office, c2, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    actions.do_approve_closure(world.leader, c2, approve=True)

    as_user(page, live_server, world.leader)
    page.goto(f"{base}/closures/")
    page.click("a.button:has-text('审批')")
    page.check("input[name=decision][value=approve]")
    submit(page, "提交审批意见")
    assert "已销号" in page.content()

    # 5. The problem shows closed.
    page.goto(f"{base}/problems/{problem.pk}/")
    assert "已完成整改" in page.locator("h1").inner_text()
    page.screenshot(path=str(screenshot_dir / "problem-closed.png"))

    # 6. A look-back records a relapse; the measure reopens.
    as_user(page, live_server, world.office)
    recheck = Recheck.objects.filter(measure=first).order_by("due").first()
    page.goto(f"{base}/measures/{first.pk}/")
    page.click(f"a[href='/rechecks/{recheck.pk}/']")
    page.check(f"input[name=result][value={Recheck.Result.RELAPSED}]")
    page.fill("[name=note]", "新结算项目又出现未审先付")
    submit(page, "保存")
    assert Measure.objects.get(pk=first.pk).status == Measure.Status.IN_PROGRESS
    assert "重新打开" in page.content()
    assert re.search("推进中", page.content())
    page.goto(f"{base}/problems/{problem.pk}/")
    assert "正在推进" in page.locator("h1").inner_text()
    page.goto(f"{base}/measures/{first.pk}/")
    page.screenshot(path=str(screenshot_dir / "measure-history.png"), full_page=True)
