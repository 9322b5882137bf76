"""Playwright driving Debian's Chromium (/usr/bin/chromium), never a downloaded browser.

Locally the browser tests skip with a message when Chromium is missing; CI sets
ZHENGGAI_REQUIRE_BROWSER=1 (and installs chromium), so there they must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZHENGGAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Playwright's sync API keeps an event loop running in this thread; the ORM calls
# the tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"没有找到 Chromium（{CHROMIUM}）：请 apt-get install chromium 后再运行浏览器测试"
        if os.environ.get("ZHENGGAI_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def follow(page, selector):
    """Click a link or submit button and wait for the page it leads to: read mid-navigation,
    page.content() is empty."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    follow(page, "button[type=submit]")
    # Home, or where a role's home sends it (the oversight office: its overview).
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/login/" not in url)
