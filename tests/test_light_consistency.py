"""One light everywhere: an organisation's escalation policy decides every light.

Regression for issue 9: with yellow_days=50 the inspection pages said 黄32 while 我的任务
and 督导总览 said 黄27, because two of them fell back to the settings' thresholds.
Runs on SQLite and PostgreSQL alike (plain Django tests).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from zhenggai.exchange.exporting import ledger_rows, scoped_measures
from zhenggai.ledger.models import Measure
from zhenggai.orgs.policy import EscalationPolicy
from zhenggai.oversight import figures
from zhenggai.oversight.battle import board as battle_board
from zhenggai.oversight.bulletins import take_snapshot
from zhenggai.oversight.indicators import counts_by
from zhenggai.oversight.models import LightChange
from zhenggai.oversight.tick import record_light_changes

pytestmark = pytest.mark.django_db

LIGHTS = ("red", "yellow", "unassigned", "green")


def _open_counts(pairs) -> dict[str, int]:
    """(light, closed) pairs → counts of the open measures' lights."""
    counts = Counter(light for light, closed in pairs if not closed)
    return {light: counts.get(light, 0) for light in LIGHTS}


@pytest.fixture
def town_with_policy(world):
    today = timezone.localdate()
    EscalationPolicy.objects.create(
        organisation=world.town, notice_days=60, yellow_days=50, stale_days=30, bulletin_days=14
    )
    Measure.objects.filter(problem__inspection=world.inspection).update(last_progress_on=today)
    for days in (-3, 5, 30, 45, 80):
        f.measure(
            world.problem,
            world.agri,
            world.leader,
            deadline=today + dt.timedelta(days=days),
            last_progress_on=today,
            text=f"{days}天后到期",
        )
    f.measure(world.problem, world.agri, world.leader, status=Measure.Status.CLOSED)
    f.measure(world.problem, None, None, deadline=None, text="导入后尚未交办")
    return world, today


def test_every_surface_counts_the_same_lights_under_the_policy(town_with_policy, login):
    world, today = town_with_policy
    inspection = world.inspection
    measures = Measure.objects.filter(problem__inspection=inspection)
    expected = _open_counts((m.compute_light(today).value, m.is_closed) for m in measures)
    assert expected["unassigned"] == 1  # grey, not green
    assert expected["yellow"] >= 3  # 30 and 45 days ahead are yellow only under the policy
    client = login(world.office)

    home = client.get(reverse("home")).context
    on_home = {light: home["light_counts"][light] for light in LIGHTS}

    ledger = client.get(reverse("ledger:ledger", args=[inspection.pk])).context
    on_ledger = _open_counts(
        (m.light, m.status == Measure.Status.CLOSED) for m in ledger["page"].object_list
    )

    detail = client.get(reverse("inspections:detail", args=[inspection.pk])).context
    on_detail = {light.value: n for light, n in detail["by_light"]}

    battle = battle_board(inspection, today)["counts"]
    dashboard = figures.inspection_dashboard(inspection, today)["states"]
    overview = counts_by([inspection], today, "inspection")[inspection.pk]
    snapshot = take_snapshot(inspection, today)["measures"].values()
    exported = ledger_rows(scoped_measures(None, inspection), inspection)
    record_light_changes(today, [inspection])
    changes = LightChange.objects.filter(measure__problem__inspection=inspection, date=today)
    closed = set(measures.filter(status=Measure.Status.CLOSED).values_list("pk", flat=True))

    surfaces = {
        "我的任务": on_home,
        "问题清单": on_ledger,
        "巡察概况": on_detail,
        "作战图": {light: battle[light] for light in LIGHTS},
        "数据看板": {light: dashboard[light] for light in LIGHTS},
        "督导总览": {
            "red": overview.overdue,
            "yellow": overview.yellow,
            "unassigned": overview.unassigned,
            "green": overview.green,
        },
        "通报": _open_counts((m["light"], m["closed"]) for m in snapshot),
        "导出": _open_counts((row.light, row.status == "已销号") for row in exported),
        "tick": _open_counts((c.light, c.measure_id in closed) for c in changes),
    }
    for name, counts in surfaces.items():
        assert counts == expected, name
