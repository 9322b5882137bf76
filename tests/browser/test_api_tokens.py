"""A unit contact makes an API token in the browser, a script uses it, the contact revokes it."""

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import follow, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def api_get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    # The live test server's own http:// address.
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def test_token_made_in_the_browser_reads_the_api_until_revoked(
    page, live_server, world, screenshot_dir
):
    base = live_server.url
    sign_in(page, live_server, world.unit.username, PASSWORD)
    page.click("text=接口令牌")
    page.fill("[name=name]", "数据办同步脚本")
    with page.expect_navigation():
        page.click("button:has-text('创建令牌')")
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("zg_")
    page.screenshot(path=str(screenshot_dir / "api-token.png"), full_page=True)

    data = api_get(f"{base}/api/inspections/{world.inspection.pk}/measures", token)
    assert {m["id"] for m in data["items"]} == {world.measure.pk, world.co_measure.pk}

    page.goto(f"{base}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))

    page.goto(f"{base}/settings/api-tokens/")
    assert token not in page.content()  # shown once only
    with page.expect_navigation():
        follow(page, "button:has-text('撤销')")
    assert "已撤销" in page.content()
    with pytest.raises(urllib.error.HTTPError) as refused:
        api_get(f"{base}/api/inspections", token)
    assert refused.value.code == 401
