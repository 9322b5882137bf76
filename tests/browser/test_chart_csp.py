"""Every chart page in Chromium under the Content-Security-Policy (issue 12): with a payload
in every text a user types (organisation names, measures, milestones, …), charts drawn, a
tooltip shown on every series, no payload run or parsed into markup, and not one violation
in the console — no script and no inline style refused (the tooltips are DOM nodes, see
``static/oversight/charts.js``)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.test_hostile_content import _plant_everywhere

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chart_pages(world) -> dict[str, str]:
    pk = world.inspection.pk
    return {
        "battle-map": f"/inspections/{pk}/battle-map/",
        "dashboard": f"/inspections/{pk}/dashboard/",
        "overview": "/oversight/",
    }


def watch_console(page) -> list[str]:
    """Every CSP report Chromium writes to the console, as it comes."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{m.text[:160]} @ {m.location.get('url')}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    return violations


def show_every_tooltip(page) -> int:
    """Show a tooltip on every series of every chart; the number of tooltips shown."""
    return page.evaluate(
        """() => {
            let shown = 0;
            for (const el of document.querySelectorAll('[data-chart][data-ready="1"]')) {
                const chart = echarts.getInstanceByDom(el);
                (chart.getOption().series || []).forEach((s, i) => {
                    if (!(s.data || []).length) return;
                    chart.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: 0});
                    shown += 1;
                });
            }
            return shown;
        }"""
    )


def test_chart_pages_run_without_a_single_csp_violation(page, live_server, world, screenshot_dir):
    _plant_everywhere(world)
    violations = watch_console(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, live_server, "oversight", PASSWORD)
    tips = []
    for name, path in chart_pages(world).items():
        page.goto(live_server.url + path)
        page.wait_for_selector("html[data-charts-ready='1']", state="attached")
        assert page.locator("[data-chart][data-ready='1']").count() >= 1, name
        assert show_every_tooltip(page) >= 1, name
        page.wait_for_selector(".chart-tip")
        page.wait_for_timeout(200)
        tips += page.locator(".chart-tip").all_inner_texts()
        # Only ECharts' own nodes in a chart: nothing a payload could have made.
        assert (
            page.locator(
                "[data-chart] img, [data-chart] script, [data-chart] svg, [data-chart] iframe"
            ).count()
            == 0
        ), name
        if name == "dashboard":
            chart = page.locator("[data-chart=by_unit]")
            chart.evaluate("""(el) => echarts.getInstanceByDom(el).dispatchAction(
                {type: 'showTip', seriesIndex: 0, dataIndex: 0})""")
            page.wait_for_timeout(200)
            chart.screenshot(path=str(screenshot_dir / "dashboard-tooltip-csp.png"))
    assert violations == []
    assert dialogs == []
    assert any("alert(" in t for t in tips), tips  # payloads shown, as text
