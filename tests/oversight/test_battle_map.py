"""The battle map folds by lead unit: per-row light counts on the page, a row's cards on
demand, and a page that weighs the same however many units lead measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.ledger.models import Measure
from zhenggai.oversight.battle import board

pytestmark = pytest.mark.django_db


def test_rows_count_each_units_measures_by_light(world):
    day = dt.date(2026, 7, 1)
    rows = {row["title"]: row for row in board(world.inspection, day)["rows"]}
    assert set(rows) == {"农业办", "财政所"}
    assert sum(rows["财政所"]["counts"].values()) == 2
    expected = {m.compute_light(day).value for m in Measure.objects.filter(lead_unit=world.agri)}
    assert {k for k, n in rows["农业办"]["counts"].items() if n} == expected


def test_a_rows_cards_load_on_demand(login, world):
    client = login(world.office)
    url = reverse("oversight:battle_map", args=[world.inspection.pk])
    page = client.get(url).content.decode()
    assert "清查全部租赁合同" not in page  # cards are not on the page itself
    cards = reverse("oversight:battle_map_cards", args=[world.inspection.pk])
    html = client.get(cards, {"row": world.agri.pk}).content.decode()
    assert "清查全部租赁合同" in html and "修订财务制度" not in html
    aspect = world.problem.aspect_id
    html = client.get(cards, {"by": "aspect", "row": aspect}).content.decode()
    assert "清查全部租赁合同" in html and "修订财务制度" in html
    assert client.get(cards, {"row": "x"}).status_code == 404


def test_the_page_weighs_the_same_with_many_more_units(login, world):
    client = login(world.office)
    url = reverse("oversight:battle_map", args=[world.inspection.pk])
    units = [f.org(f"新村{i}", world.town, f.Cat.VILLAGE) for i in range(60)]
    f.many_measures(world.inspection, 60, units[:50], leader=world.leader)
    before = len(client.get(url).content)
    f.many_measures(world.inspection, 600, units, leader=world.leader)
    after = len(client.get(url).content)
    assert after - before < 1000, after - before  # 50 rows a page, whatever the units
