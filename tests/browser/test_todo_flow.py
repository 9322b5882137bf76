"""Work comes to the people who must act, in a real browser (Debian's Chromium):
each role's home shows what waits for it, assigning a measure rings the unit's bell
and sends an email to a real SMTP server (aiosmtpd), the review page shows the PDF
evidence inline, and a public opinion routed to a unit comes back as an approved
reply on the receipt page. Screenshots go to docs/screenshots/ for the README."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD
from tests.ledger.files import text_pdf
from tests.notify.servers import SMTPServer
from zhenggai.ledger.models import ClosureRequest, Measure
from zhenggai.publication.models import PublicComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    yield server
    server.stop()


def as_user(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user.username, PASSWORD)


def submit(page, label):
    with page.expect_navigation():
        page.click(f"button:has-text('{label}')")


def tiles(page) -> dict[str, int]:
    found = {}
    for tile in page.locator("#todo a.tile").all():
        found[tile.get_attribute("data-tile")] = int(tile.locator("strong").inner_text())
    return found


def test_homes_bell_email_and_review_with_the_pdf_in_view(
    page, live_server, world, smtp, screenshot_dir
):
    base = live_server.url
    world.unit.email = "nongye@example.cn"
    world.unit.save(update_fields=["email"])
    Measure.objects.create(problem=world.problem, text="导入时未填责任领导和时限的措施")

    # The office assigns a measure through the form.
    as_user(page, live_server, world.office)
    before = tiles(page)
    assert before["待交办"] == 1 and before["销号待审核"] == 0
    page.goto(f"{base}/problems/{world.problem.pk}/")
    follow(page, "text=新增整改措施")
    page.fill("[name=text]", "建立集体资产租赁合同电子台账")
    page.select_option("[name=leader]", label="leader")
    page.select_option("[name=lead_unit]", label="农业办")
    page.fill("[name=deadline]", "2026-12-31")
    submit(page, "保存")
    measure = Measure.objects.get(text="建立集体资产租赁合同电子台账")

    # The unit's bell rings and the email reached the real SMTP server.
    assert [m["to"] for m in smtp.box.messages] == ["nongye@example.cn"]
    assert "新交办整改措施" in smtp.box.messages[0]["subject"]
    as_user(page, live_server, world.unit)
    page.wait_for_selector("#bell .badge")
    assert page.locator("#bell .badge").inner_text() == "1"
    page.click("#bell")
    page.click("button.note-link:has-text('新交办整改措施')")
    assert page.url.endswith(f"/measures/{measure.pk}/")

    # The unit reports with a real PDF and asks to close.
    follow(page, "text=报送进展")
    page.fill("[name=text]", "已建立电子台账，录入合同42份")
    page.fill("[name=figures]", "录入合同 42 份")
    pdf = text_pdf("Contract ledger - Qingshan", "42 contracts entered", "2026-12-01")
    page.set_input_files(
        "[name=files]",
        files=[{"name": "合同台账.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    submit(page, "保存")
    follow(page, "text=申请销号")
    page.fill("[name=note]", "电子台账已建立并投入使用")
    submit(page, "提交申请")
    page.goto(f"{base}/")
    page.screenshot(path=str(screenshot_dir / "home-unit.png"), full_page=True)

    # The office reviews with the PDF in view.
    as_user(page, live_server, world.office)
    assert tiles(page)["销号待审核"] == 1
    page.screenshot(path=str(screenshot_dir / "home-office.png"), full_page=True)
    follow(page, "a.tile[data-tile='销号待审核']")
    follow(page, "a.button:has-text('审核')")
    frame = page.locator("iframe.pdf-preview")
    assert frame.count() == 1
    with page.expect_response(re.compile(r"/evidence/\d+/view/$")) as viewed:
        page.reload()
    assert viewed.value.header_value("content-type") == "application/pdf"
    assert "录入合同 <strong>42</strong>份" in page.content()
    page.wait_for_timeout(1500)  # let the PDF viewer paint
    page.screenshot(path=str(screenshot_dir / "review-pdf-inline.png"), full_page=True)
    for box in ("evidence", "matches", "figures"):
        page.check(f"[name={box}]")
    page.check("input[name=decision][value=accept]")
    submit(page, "提交审核意见")

    # The leader's home shows the approval waiting for him.
    as_user(page, live_server, world.leader)
    assert tiles(page)["销号待审批"] == 1
    page.screenshot(path=str(screenshot_dir / "home-leader.png"), full_page=True)
    follow(page, "a.tile[data-tile='销号待审批']")
    follow(page, "a.button:has-text('审批')")
    page.check("input[name=decision][value=approve]")
    submit(page, "提交审批意见")
    assert ClosureRequest.objects.get(measure=measure).stage == "approved"
    page.goto(f"{base}/")
    assert tiles(page)["销号待审批"] == 0

    # The unit hears it was approved; the oversight office lands on its overview.
    as_user(page, live_server, world.unit)
    page.wait_for_selector("#bell .badge")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "home-unit-phone.png"), full_page=True)
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", world.oversight.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation(url=re.compile(r"/oversight/$")):
        page.click("button[type=submit]")
    assert "督导总览" in page.content()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshot_dir / "home-oversight.png"), full_page=True)


def test_an_opinion_routed_to_a_unit_becomes_its_task_and_the_reply_is_public(
    page, live_server, world, screenshot_dir
):
    from tests.publication.conftest import publish

    base = live_server.url
    notice = publish(world)
    page.goto(f"{base}/public/notices/{notice.pk}/")
    page.fill("[name=text]", "东村鱼塘的租金多年没有公开，请核查。")
    page.fill("[name=contact]", "13800000000")
    submit(page, "提交")
    code = PublicComment.objects.get().receipt_code

    as_user(page, live_server, world.office)
    assert tiles(page)["意见待转办"] == 1
    follow(page, "a.tile[data-tile='意见待转办']")
    follow(page, f"a:has-text('{code}')")
    page.select_option("[name=target]", value=f"m{world.measure.pk}")
    submit(page, "转办")

    as_user(page, live_server, world.unit)
    assert tiles(page)["群众意见待办理"] == 1
    follow(page, "a.tile[data-tile='群众意见待办理']")
    follow(page, f"a:has-text('{code}')")
    assert "租金多年没有公开" in page.content() and "13800000000" not in page.content()
    page.fill("[name=reply]", "已在村务公开栏公开鱼塘租金收支，并建立按季公开制度。")
    submit(page, "提交拟答复")

    as_user(page, live_server, world.office)
    assert tiles(page)["答复待审核"] == 1
    follow(page, "a.tile[data-tile='答复待审核']")
    follow(page, f"a:has-text('{code}')")
    submit(page, "同意并答复")

    page.context.clear_cookies()
    page.goto(f"{base}/public/receipt/?code={code}")
    assert "已答复" in page.content() and "按季公开制度" in page.content()
    page.screenshot(path=str(screenshot_dir / "opinion-receipt-reply.png"), full_page=True)


def test_a_long_unit_picker_can_be_searched(page, live_server, world):
    from tests import factories as f

    for i in range(40):
        f.org(f"第{i}村民委员会", world.town, f.Cat.VILLAGE)
    as_user(page, live_server, world.office)
    page.goto(f"{live_server.url}/problems/{world.problem.pk}/measures/new/")
    search = page.locator("select[name=lead_unit]").locator("xpath=preceding-sibling::input[1]")
    search.fill("农业")
    visible = page.locator("select[name=lead_unit] option:not([hidden])").all_inner_texts()
    assert [t for t in visible if t.strip("-— ")] == ["农业办"]
    assert page.locator("select[name=lead_unit]").input_value() == str(world.agri.pk)


def test_the_bulk_pickers_search_on_demand(page, live_server, world):
    as_user(page, live_server, world.office)
    page.goto(f"{live_server.url}/inspections/{world.inspection.pk}/ledger/")
    leader = page.locator("#bulk select[name=leader]")
    assert leader.locator("option").count() == 1  # only 不变 until searched
    leader.locator("xpath=preceding-sibling::input[1]").fill("leader2")
    expect(leader).to_have_value(str(world.leader2.pk))
    unit = page.locator("#bulk select[name=lead_unit]")
    unit.locator("xpath=preceding-sibling::input[1]").fill("东村")
    expect(unit).to_have_value(str(world.village.pk))
