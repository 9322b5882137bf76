"""End to end in a real browser: the notice from draft to the public's reply.

Office generates the notice and edits a paragraph; the town's secretary approves;
the office publishes; an anonymous visitor reads it, sends an opinion and follows
it with the receipt code; the office routes and answers it; the visitor sees the
reply; once the window has passed the form is closed.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.publication.models import Notice, PublicComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITED = "（三）强化督导推进，确保整改质效。镇整改办每周调度一次进展，浏览器测试改写了这一段。"


def new_page(chromium, **kw):
    context = chromium.new_context(
        viewport=kw.get("viewport", {"width": 1280, "height": 900}), locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def test_notice_from_draft_to_the_publics_reply(chromium, page, live_server, screenshot_dir):
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    today = timezone.localdate()

    # The office generates the notice and edits one paragraph and the channels.
    sign_in(page, live_server, "office", PASSWORD)
    page.click("nav >> text=整改通报")
    page.click(f"text=生成社会通报：{inspection.title}")
    page.wait_for_url("**/edit/")
    body = page.input_value("textarea[name=body]")
    lines = [EDITED if ln.startswith("（三）强化督导推进") else ln for ln in body.splitlines()]
    assert EDITED in lines
    page.fill("textarea[name=body]", "\n".join(lines))
    page.fill("input[name=disclosure_start]", (today - dt.timedelta(days=1)).isoformat())
    page.fill("input[name=disclosure_end]", (today + dt.timedelta(days=13)).isoformat())
    page.fill("input[name=phone]", "0000-5550123")
    page.fill("input[name=phone_hours]", "工作日8:30-12:00，14:30-17:30")
    page.fill("input[name=postal_address]", "临江市云溪镇府前路1号镇巡察整改办")
    page.fill("input[name=envelope_words]", "对云溪镇党委巡察整改落实情况的意见建议")
    page.fill("input[name=postcode]", "510999")
    page.fill("input[name=email]", "yunxi-zg@example.cn")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存为第2版")
    assert EDITED[5:] in page.locator("article.notice-doc").inner_text()
    page.click("button:has-text('提交审批')")
    page.wait_for_selector("#notice-status:has-text('待审批')")
    notice = Notice.objects.get(inspection=inspection)

    # The secretary (the town's head) approves.
    secretary = new_page(chromium)
    sign_in(secretary, live_server, "lin.zhiyuan", PASSWORD)
    secretary.goto(f"{live_server.url}/notices/{notice.pk}/")
    secretary.click("button:has-text('审批通过')")
    secretary.wait_for_selector("#notice-status:has-text('已审批')")

    # The office publishes.
    page.reload()
    page.click("button:has-text('发布')")
    page.wait_for_selector("#notice-status:has-text('已发布')")

    # An anonymous visitor, on a phone, reads it and sends an opinion.
    visitor = new_page(chromium, viewport={"width": 390, "height": 844})
    visitor.goto(f"{live_server.url}/public/")
    visitor.click(f"text={notice.title}")
    visitor.wait_for_selector("article.notice-doc")
    assert EDITED[5:] in visitor.locator("article.notice-doc").inner_text()
    assert "0000-5550123" in visitor.locator("article.notice-doc").inner_text()
    visitor.screenshot(path=str(screenshot_dir / "public-notice.png"), full_page=False)
    visitor.fill("textarea[name=text]", "桃源村河道边的垃圾还没有清理干净，希望尽快处理。")
    visitor.select_option("select[name=measure]", index=1)
    visitor.click("#opinion-form button:has-text('提交')")
    code = visitor.locator("#receipt-code").inner_text()
    assert len(code) == 10
    visitor.click("text=意见办理查询")
    visitor.wait_for_selector("#receipt-status")
    assert visitor.locator("#receipt-status").inner_text() == "已收到"

    # The office routes it to a measure and replies.
    comment = PublicComment.objects.get(receipt_code=code)
    page.goto(f"{live_server.url}/notices/{notice.pk}/opinions/")
    page.click(f"text={code}")
    page.select_option("select[name=target]", index=2)
    page.click("button:has-text('转办')")
    page.wait_for_selector("#opinion-status:has-text('办理中')")
    page.fill("textarea[name=reply]", "已安排保洁队伍三日内清理完毕，感谢监督。")
    page.click("button:has-text('答复')")
    page.wait_for_selector("#opinion-status:has-text('已答复')")
    comment.refresh_from_db()
    assert comment.measure_id is not None or comment.problem_id is not None

    # The visitor sees the reply.
    visitor.goto(f"{live_server.url}/public/receipt/?code={code}")
    assert "已安排保洁队伍三日内清理完毕" in visitor.locator("#receipt-reply").inner_text()

    # After the window the notice stays readable and the form is closed.
    Notice.objects.filter(pk=notice.pk).update(
        disclosure_start=today - dt.timedelta(days=20), disclosure_end=today - dt.timedelta(days=6)
    )
    visitor.goto(f"{live_server.url}/public/notices/{notice.pk}/")
    assert visitor.locator("article.notice-doc").count() == 1
    assert visitor.locator("#opinion-form").count() == 0
    assert "网上留言已关闭" in visitor.locator("#form-closed").inner_text()
