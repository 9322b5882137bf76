"""List pages cost the same number of queries with 10 rows or 1,000."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

# session + user, then the page's own queries; a fixed ceiling, independent of rows.
# The ledger's first look also makes the inspection's version row and keeps the HTML
# (the cache's cull count, lookup and insert); a second look reads the session, the user
# with their organisation, the inspection, its version and the kept HTML.
# Whether the tick stored today's lights is one more.
LEDGER_MAX = 13 + 5 + 1  # + derived problem statuses, bulk-assign choices, the light policy
LEDGER_KEPT = 5
HOME_MAX = 20  # the to-do tiles of each role (tests/web/test_home.py)
# Session, user, then the inspection list's page count, page rows, and its problem and
# measure counts (for that page's inspections only).
LIST_MAX = 7


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
    with django_assert_max_num_queries(LEDGER_KEPT):
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


def test_inspection_list_is_paged_with_counts_per_page(login, world, settings):
    settings.ZHENGGAI = {**settings.ZHENGGAI, "PAGE_SIZE": 2}
    for i in range(4):
        f.inspection(world.town, f"分页轮次{i}")
    client = login(world.office)
    first = client.get(reverse("inspections:list"))
    rows = first.context["page"].object_list
    assert len(rows) == 2
    assert all(hasattr(i, "measure_count") and hasattr(i, "closed_count") for i in rows)
    assert "下一页" in first.content.decode()
    partial = client.get(reverse("inspections:list") + "?page=2", headers={"HX-Request": "true"})
    assert "<h1>" not in partial.content.decode()
    assert len(partial.context["page"].object_list) == 2


def _seed_workflow_rows(world, rows):
    """Closure requests, re-checks and carried-over problems, one per measure."""
    import datetime as dt

    from zhenggai.inspections.models import Problem
    from zhenggai.ledger.models import ClosureRequest, Recheck

    measures = f.many_measures(
        world.inspection, rows, [world.agri, world.finance], leader=world.leader, co_unit=world.agri
    )
    ClosureRequest.objects.bulk_create(
        ClosureRequest(measure=m, note="完成", submitted_by=world.unit, stage=stage)
        for m in measures
        for stage in ["pending_review", "pending_approval"][m.pk % 2 :][:1]
    )
    Recheck.objects.bulk_create(Recheck(measure=m, due=dt.date(2026, 1, 1)) for m in measures)
    earlier = f.inspection(world.town, "上一轮")
    old = f.problem(earlier, "旧问题")
    Problem.objects.filter(inspection=world.inspection).update(carried_from=old)


LIST_PAGES = [
    ("ledger:problem_list", True, 8),
    ("ledger:task_list", True, 8),  # budgets include the light policy lookup
    # + whether the tick stored today's lights; at a first look, keeping the tables as
    # HTML: the inspection's version row made (3), the cache read (1) and written (4,
    # with its savepoint)
    ("ledger:responsibility_list", True, 7 + 1 + 8),
    ("ledger:registers", True, 13),
    # + the last history check (a warning if it failed); whether the tick stored today's
    # lights, and keeping the counts (as ledger:responsibility_list)
    ("inspections:detail", True, 16 + 1 + 8),
    ("ledger:closures", False, 6),
    ("ledger:rechecks", False, 6),
    ("ledger:carry_over", False, 6),
]


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize(("name", "per_inspection", "budget"), LIST_PAGES)
def test_list_pages_cost_a_fixed_number_of_queries(
    login, world, rows, name, per_inspection, budget, django_assert_max_num_queries
):
    _seed_workflow_rows(world, rows)
    url = reverse(name, args=[world.inspection.pk]) if per_inspection else reverse(name)
    for user in (world.office, world.leader):
        client = login(user)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
