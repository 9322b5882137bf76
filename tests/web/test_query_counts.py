"""List pages cost the same number of queries with 10 rows or 1,000."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

# session + user, then the page's own queries; a fixed ceiling, independent of rows.
LEDGER_MAX = 9
HOME_MAX = 7
LIST_MAX = 4


@pytest.mark.parametrize("rows", [10, 1000])
def test_ledger_page_query_count_is_fixed(login, world, rows, django_assert_max_num_queries):
    f.many_measures(
        world.inspection,
        rows,
        [world.agri, world.finance, world.village],
        leader=world.leader,
        co_unit=world.finance,
    )
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    with django_assert_max_num_queries(LEDGER_MAX):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LEDGER_MAX):
        assert client.get(url, {"light": "red", "page": 2}).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_unit_home_page_query_count_is_fixed(login, world, rows, django_assert_max_num_queries):
    f.many_measures(
        world.inspection, rows, [world.agri, world.finance], leader=world.leader, co_unit=world.agri
    )
    client = login(world.unit)
    with django_assert_max_num_queries(HOME_MAX):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_inspection_list_query_count_is_fixed(login, world, rows, django_assert_max_num_queries):
    for i in range(rows // 100 + 1):
        f.inspection(world.town, f"轮次{i}")
    client = login(world.office)
    with django_assert_max_num_queries(LIST_MAX):
        assert client.get(reverse("inspections:list")).status_code == 200
