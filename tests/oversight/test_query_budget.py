"""Boards cost the same number of queries with 10 measures or 10,000."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.oversight.bulletins import do_generate_bulletin
from zhenggai.oversight.models import LightChange

pytestmark = pytest.mark.django_db

# session + user, the access-checked fetch, then the page's own aggregate queries.
# Its grouped query is kept for the day (zhenggai.oversight.snapshots): three more on the
# first look (no inspections to load).
BATTLE_MAP_MAX = 9 + 3
# The dashboard adds the oversight indicators (the policy and seven grouped queries,
# zhenggai.oversight.indicators.inspection_indicators) to its charts' queries.
# Each kept figure's first look of the day adds up to five: read the snapshot, add its
# row, read its generation, load the inspections, write it back
# (zhenggai.oversight.snapshots); the dashboard keeps two (its charts, and the
# indicators inside them).
SNAPSHOT_COLD = 5
# Whether the tick stored today's lights, asked by the charts and by the indicators.
LIGHTS_READY = 1
# The red trend is kept until the tick records more lights: the latest record's id, the
# cache read, and on the first look the cache's own three to write it.
TREND_COLD = 1 + 1 + 3
DASHBOARD_MAX = 19 + 2 * SNAPSHOT_COLD + 2 * LIGHTS_READY + TREND_COLD
# session + user, the filter's year and round choices, the inspections, the policies,
# one grouped query per indicator source (7) and the monthly closures for the trends.
# The counts and the monthly closures, each added up per organisation by the database
# after its stale inspections are found (two more each).
OVERVIEW_MAX = 15 + 2 * (SNAPSHOT_COLD + 2)
# … and its ranked rows are kept under the stamp of those figures: on the first look the
# figures are made and stamped, the cache missed, then filled (the cache's own queries).
OVERVIEW_MAX += 9
# The next look reads the stamp and the rows back.
OVERVIEW_WARM_MAX = 11
BULLETIN_MAX = 5
BULLETINS_MAX = 5


@pytest.fixture(params=[10, 10_000], ids=["10", "10000"])
def scaled(request, world):
    measures = f.many_measures(
        world.inspection,
        request.param,
        [world.agri, world.finance, world.village],
        leader=world.leader,
        co_unit=world.finance,
    )
    LightChange.objects.bulk_create(
        LightChange(measure_id=m.pk, date=dt.date(2026, 7, 1 + i % 20), light="red")
        for i, m in enumerate(measures[::3])
    )
    do_generate_bulletin(None, world.inspection, dt.date(2026, 7, 1))
    return world


@pytest.mark.slow
def test_battle_map_query_count_is_fixed(scaled, login, django_assert_max_num_queries):
    client = login(scaled.office)
    url = reverse("oversight:battle_map", args=[scaled.inspection.pk])
    for by in ("unit", "aspect"):
        with django_assert_max_num_queries(BATTLE_MAP_MAX):
            assert client.get(url, {"by": by}).status_code == 200


@pytest.mark.slow
def test_dashboard_query_count_is_fixed(scaled, login, django_assert_max_num_queries):
    client = login(scaled.oversight)
    with django_assert_max_num_queries(DASHBOARD_MAX):
        r = client.get(reverse("oversight:dashboard", args=[scaled.inspection.pk]))
    assert r.status_code == 200


@pytest.mark.slow
def test_oversight_overview_query_count_is_fixed(scaled, login, django_assert_max_num_queries):
    client = login(scaled.oversight)
    with django_assert_max_num_queries(OVERVIEW_MAX):
        r = client.get(reverse("oversight:overview"))
    assert r.status_code == 200
    assert "青山镇党委" in r.content.decode()
    with django_assert_max_num_queries(OVERVIEW_WARM_MAX):
        again = client.get(reverse("oversight:overview"), {"page": 1})
    assert again.content.decode().count("青山镇党委") == r.content.decode().count("青山镇党委")


@pytest.mark.slow
def test_bulletin_pages_query_count_is_fixed(scaled, login, django_assert_max_num_queries):
    client = login(scaled.office)
    bulletin = scaled.inspection.bulletins.get()
    with django_assert_max_num_queries(BULLETIN_MAX):
        assert client.get(bulletin.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(BULLETINS_MAX):
        assert (
            client.get(reverse("oversight:bulletins", args=[scaled.inspection.pk])).status_code
            == 200
        )
