"""In a real browser (issue 12): unit names and milestone titles holding markup show
as text in the battle-map tooltip (a row's bar is labelled by its unit), no dialog
fires, and the page runs under the Content-Security-Policy with no script refused."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from zhenggai.ledger.models import Milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<img src=x onerror=alert(7)>"
MILESTONE = "\"'><script>alert(8)</script>"


def test_battle_map_tooltip_shows_payloads_as_text(page, live_server, world, screenshot_dir):
    world.agri.name = PAYLOAD
    world.agri.save()
    Milestone.objects.create(measure=world.measure, title=MILESTONE, due=dt.date(2026, 11, 1))
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on(
        "console",
        lambda m: (
            violations.append(m.text + " @ " + str(m.location))
            if "Content Security Policy" in m.text
            else None
        ),
    )

    sign_in(page, live_server, "oversight", PASSWORD)
    page.goto(f"{live_server.url}/inspections/{world.inspection.pk}/battle-map/")
    page.wait_for_selector("[data-chart=gantt][data-ready='1']")
    tips = []
    for series in (0, 1):  # the rows' bars, then the milestone diamonds
        page.evaluate(
            """(series) => {
                const el = document.querySelector('[data-chart=gantt]');
                const chart = echarts.getInstanceByDom(el);
                const data = chart.getOption().series[series].data;
                const i = data.findIndex((d) => JSON.stringify(d).includes('alert('));
                chart.dispatchAction({type: 'showTip', seriesIndex: series, dataIndex: i});
            }""",
            series,
        )
        page.wait_for_selector(".chart-tip")
        tips.append(page.locator(".chart-tip").last.inner_text())
    page.screenshot(path=str(screenshot_dir / "battle-map-hostile-tooltip.png"))
    assert PAYLOAD in tips[0]
    assert MILESTONE in tips[1]
    assert page.locator("[data-chart=gantt] img, [data-chart=gantt] script").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    # Nothing refused: no script (none injected or inline) and no inline style (the
    # tooltips are DOM nodes styled through the CSSOM, see static/oversight/charts.js).
    assert violations == []
