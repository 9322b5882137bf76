"""Each role's home shows what waits for that person, each count linking to its list,
in a fixed number of queries whatever the number of measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.ledger.files import PDF
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import ClosureRequest, Measure
from zhenggai.publication.models import PublicComment

pytestmark = pytest.mark.django_db
HOME_MAX = 20  # session, user, policy, one aggregate per tile group, the table page
# An office's light counts are its inspections' kept counts (oversight.snapshots): on the
# first look of the day they are made (five for the snapshot, the indicators' grouped
# queries in place of one count, then their sum); and whether the stored lights are today's.
HOME_MAX += 13


def tiles(client) -> dict[str, int]:
    """The home's tiles as {label: count}, read from the page."""
    import re

    page = client.get(reverse("home")).content.decode()
    return {
        label: int(n)
        for label, n in re.findall(r'data-tile="([^"]+)">[^<]*<strong>(\d+)</strong>', page)
    }


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["office", "unit", "leader"])
def test_each_home_costs_the_same_with_10_or_10000_measures(world, login, persona):
    client = login(getattr(world, persona))
    f.many_measures(world.inspection, 10, [world.agri, world.finance], leader=world.leader)
    small = queries(client)
    f.many_measures(world.inspection, 10_000, [world.agri, world.finance], leader=world.leader)
    large = queries(client)
    assert small == large <= HOME_MAX, (small, large)


def test_office_home_counts_what_waits_for_the_office(world, login):
    today = timezone.localdate()
    red_before = tiles(login(world.office))["红灯"]
    f.measure(world.problem, None, None, deadline=None, text="导入的措施，尚未交办")
    f.measure(world.problem, world.agri, deadline=today - dt.timedelta(days=3), text="逾期")
    m = world.measure
    actions.do_post_progress(world.unit, m, date=today, text="完成", files=[Upload("a.pdf", PDF)])
    actions.do_request_closure(world.unit, Measure.objects.get(pk=m.pk), note="申请")
    counts = tiles(login(world.office))
    assert counts["销号待审核"] == 1
    assert counts["待交办"] == 1
    assert counts["红灯"] == red_before + 1
    assert counts["意见待转办"] == 0
    page = login(world.office).get(reverse("home"), {"light": "unassigned"}).content.decode()
    assert "导入的措施，尚未交办" in page and "逾期" not in page.split('id="rows"')[1]


def test_unit_home_puts_returned_requests_first_with_the_reason(world, login):
    today = timezone.localdate()
    m = world.measure
    actions.do_post_progress(world.unit, m, date=today, text="完成", files=[Upload("a.pdf", PDF)])
    c = actions.do_request_closure(world.unit, Measure.objects.get(pk=m.pk), note="申请")
    actions.do_review_closure(world.office, c, accept=False, checklist={}, reason="缺少合同清单")
    client = login(world.unit)
    counts = tiles(client)
    assert counts["被退回"] == 1
    page = client.get(reverse("home")).content.decode()
    assert page.index('id="returned"') < page.index('id="rows"')
    assert "缺少合同清单" in page


def test_leader_home_shows_approvals_waiting_for_him(world, login):
    today = timezone.localdate()
    m = world.measure
    actions.do_post_progress(world.unit, m, date=today, text="完成", files=[Upload("a.pdf", PDF)])
    c = actions.do_request_closure(world.unit, Measure.objects.get(pk=m.pk), note="申请")
    actions.do_review_closure(
        world.office, c, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    assert ClosureRequest.objects.get(pk=c.pk).stage == "pending_approval"
    assert tiles(login(world.leader))["销号待审批"] == 1
    assert tiles(login(world.leader2))["销号待审批"] == 0


def test_unit_home_counts_opinions_routed_to_it(world, login):
    from tests.publication.conftest import publish
    from zhenggai.publication import actions as pub

    published = publish(world)
    comment = pub.do_submit_opinion(published, text="请公开合同")
    pub.do_route_opinion(world.office, comment, measure=world.measure)
    assert PublicComment.objects.get().unit == world.agri
    assert tiles(login(world.unit))["群众意见待办理"] == 1
    assert tiles(login(world.other_unit))["群众意见待办理"] == 0


def test_the_oversight_office_lands_on_its_overview(world, login):
    response = login(world.oversight).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("oversight:overview")


@pytest.mark.parametrize(
    "params", [{}, {"light": "red"}, {"light": "closed"}, {"kind": "", "page": "1"}]
)
def test_the_table_count_taken_from_the_light_tiles_is_the_rows_it_pages(world, login, params):
    """Unfiltered, or filtered by a light alone, the home's row count comes from the light
    counts instead of a second COUNT: it must be what the table pages through."""
    today = timezone.localdate()
    f.measure(world.problem, world.agri, deadline=today - dt.timedelta(days=3), text="逾期")
    f.measure(world.problem, None, None, deadline=None, text="未交办")
    f.many_measures(world.inspection, 60, [world.agri, world.finance], leader=world.leader)
    closed = f.measure(world.problem, world.agri, text="已销号的措施")
    Measure.objects.filter(pk=closed.pk).update(status=Measure.Status.CLOSED)
    for persona in ("office", "unit", "leader"):
        client = login(getattr(world, persona))
        page = client.get(reverse("home"), params).context["page"]
        shown: list[int] = []
        for number in page.paginator.page_range:
            rows = client.get(reverse("home"), {**params, "page": number}).context["page"]
            shown += [m.pk for m in rows.object_list]
        assert page.paginator.count == len(shown) == len(set(shown)), persona
    assert page.paginator.count > 0 or params  # the leader sees rows unfiltered
