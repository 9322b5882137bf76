"""The dashboard's red trend: red measures by day, from the lights the tick recorded,
kept until the tick records more."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from zhenggai.oversight.figures import _red_trend
from zhenggai.oversight.models import LightChange

pytestmark = pytest.mark.django_db
D1, D2, D3 = dt.date(2026, 7, 1), dt.date(2026, 7, 2), dt.date(2026, 7, 3)


def change(measure, date, light, previous=""):
    return LightChange.objects.create(measure=measure, date=date, light=light, previous=previous)


def test_the_trend_adds_measures_turning_red_and_takes_those_leaving_it(world):
    a = world.measure
    b = f.measure(world.problem, world.agri, world.leader, text="第二项")
    c = f.measure(world.problem, world.agri, world.leader, text="第三项")
    elsewhere = f.measure(f.problem(world.other_inspection, "别处"), world.agri, world.leader)
    change(a, D1, "red", "green")
    change(b, D1, "green")
    change(elsewhere, D1, "red", "green")  # another inspection's
    change(a, D2, "yellow", "red")
    change(c, D2, "red", "yellow")
    change(b, D2, "red", "green")
    assert _red_trend(world.inspection) == [[D1.isoformat(), 1], [D2.isoformat(), 2]]

    # The tick records the next day's lights: the kept trend gives way at once.
    change(c, D3, "closed", "red")
    assert _red_trend(world.inspection)[-1] == [D3.isoformat(), 1]
