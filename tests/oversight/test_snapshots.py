"""The day's kept figures (zhenggai.oversight.snapshots): they serve while nothing in the
inspection changed, and never once something did."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF
from zhenggai.inspections.models import Inspection
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import Measure
from zhenggai.orgs.policy import EscalationPolicy
from zhenggai.oversight import snapshots
from zhenggai.oversight.indicators import _count, counts_by
from zhenggai.oversight.models import FiguresSnapshot
from zhenggai.oversight.tick import run_tick

pytestmark = pytest.mark.django_db


def kept(inspection, kind="counts"):
    return FiguresSnapshot.objects.get(inspection=inspection, kind=kind)


def counted(inspection, today):
    """The counts straight from the tables, past the snapshots."""
    return _count([inspection], today, "inspection", lambda qs, *a: qs, public=False)[inspection.pk]


def test_counts_are_kept_for_the_day_and_read_back(world, django_assert_num_queries):
    today = timezone.localdate()
    first = counts_by([world.inspection], today, "inspection")[world.inspection.pk]
    assert kept(world.inspection).fresh and kept(world.inspection).day == today
    with django_assert_num_queries(1):
        again = counts_by([world.inspection], today, "inspection")[world.inspection.pk]
    assert again == first == counted(world.inspection, today)


def test_every_kind_of_action_makes_the_figures_of_its_inspection_stale(world):
    today = timezone.localdate()
    inspection, measure = world.inspection, world.measure

    def look():
        counts_by([inspection, world.other_inspection], today, "inspection")
        assert kept(inspection).fresh

    look()
    actions.do_post_progress(
        world.unit, measure, date=today, text="完成", files=[Upload("a.pdf", PDF)]
    )
    assert not kept(inspection).fresh
    assert kept(world.other_inspection).fresh  # another inspection keeps its figures
    look()
    closure = actions.do_request_closure(
        world.unit, Measure.objects.get(pk=measure.pk), note="申请"
    )
    assert not kept(inspection).fresh
    look()
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    assert not kept(inspection).fresh
    look()
    actions.do_add_regulation(world.office, inspection, title="制度", kind="new")
    assert not kept(inspection).fresh
    look()
    assert counts_by([inspection], today, "inspection")[inspection.pk] == counted(inspection, today)


def test_the_figures_a_page_shows_follow_an_action_at_once(world, login):
    client = login(world.office)
    url = reverse("oversight:dashboard", args=[world.inspection.pk])
    before = client.get(url).context["data"]["states"]
    m = world.measure
    actions.do_update_measure(world.office, m, m.version, deadline=dt.date(2020, 1, 1))
    after = client.get(url).context["data"]["states"]
    assert after["red"] == before["red"] + 1


def test_a_figure_computed_before_a_change_is_not_kept_as_fresh(world):
    today = timezone.localdate()
    inspection = world.inspection

    def compute_while_someone_acts(ids):
        out = {i: {"n": 1} for i in ids}
        snapshots.mark_stale([inspection.pk])  # an action lands mid-computation
        return out

    assert snapshots.cached("probe", [inspection.pk], today, compute_while_someone_acts) == {
        inspection.pk: {"n": 1}
    }
    assert not kept(inspection, "probe").fresh
    # The next look computes afresh and keeps it.
    snapshots.cached("probe", [inspection.pk], today, lambda ids: {i: {"n": 2} for i in ids})
    row = kept(inspection, "probe")
    assert row.fresh and row.data == {"n": 2}


def test_figures_of_another_day_are_computed_not_kept(world):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    counts_by([world.inspection], yesterday, "inspection")
    assert not FiguresSnapshot.objects.exists()


def test_a_saved_policy_makes_every_figure_stale(world):
    today = timezone.localdate()
    counts_by([world.inspection, world.other_inspection], today, "inspection")
    EscalationPolicy.objects.create(organisation=world.city, yellow_days=20)
    assert not FiguresSnapshot.objects.filter(fresh=True).exists()


def test_a_renamed_unit_is_renamed_on_the_boards(world, login):
    client = login(world.office)
    url = reverse("oversight:dashboard", args=[world.inspection.pk])
    assert "农业办" in client.get(url).context["data"]["by_unit"]["labels"]
    world.agri.name = "农业农村办公室"
    world.agri.save()
    assert "农业农村办公室" in client.get(url).context["data"]["by_unit"]["labels"]


def test_the_tick_recounts_every_active_inspection_for_the_day(world):
    today = timezone.localdate()
    counts_by([world.inspection], today, "inspection")
    Measure.objects.filter(pk=world.measure.pk).update(deadline=today - dt.timedelta(days=2))
    run_tick(today, send=False, bulletins=False, verify=False)
    for inspection in (world.inspection, world.other_inspection):
        assert kept(inspection).fresh and kept(inspection).day == today
    got = counts_by([world.inspection], today, "inspection")[world.inspection.pk]
    assert got == counted(world.inspection, today)
    assert got.overdue >= 1


def test_an_hourly_tick_keeps_the_figures_nothing_changed(world):
    """Within a day lights move only through actions (each marks its inspection stale);
    a later tick of the same day records no change and keeps every figure."""
    today = timezone.localdate()
    run_tick(today, send=False, bulletins=False, verify=False)
    ids = [world.inspection.pk, world.other_inspection.pk]
    snapshots.cached("probe", ids, today, lambda ids: {i: {} for i in ids})
    run_tick(today, send=False, bulletins=False, verify=False)
    assert kept(world.inspection, "probe").fresh and kept(world.other_inspection, "probe").fresh


def _overview(client, **params):
    rows = client.get(reverse("oversight:overview"), params).context["page"].object_list
    return [(r.organisation.pk, r.organisation.display_name, r.indicators.counts) for r in rows]


def test_the_overview_reads_its_rows_back_until_a_figure_behind_them_changes(world, login):
    from zhenggai.oversight import overview as ov

    client = login(world.oversight)
    first = _overview(client)
    assert _overview(client) == first  # read back
    computed = ov.overview_rows(
        Inspection.objects.active(), {}, timezone.localdate()
    )  # no viewer: ranked afresh
    assert [(r.organisation.pk, r.indicators.counts) for r in computed] == [
        (pk, counts) for pk, _name, counts in first
    ]
    m = world.measure
    actions.do_update_measure(world.office, m, m.version, deadline=dt.date(2020, 1, 1))
    town = {pk: counts for pk, _name, counts in _overview(client)}[world.town.pk]
    assert town.overdue == dict((pk, c) for pk, _n, c in first)[world.town.pk].overdue + 1
    world.town.short_name = "青山镇"
    world.town.save()
    assert "青山镇" in [name for _pk, name, _c in _overview(client)]


def test_each_viewer_has_rows_of_its_own(world, login):
    from django.test import Client

    city = Client()
    city.force_login(world.oversight)
    town = Client()
    town.force_login(world.office)
    seen_by_city = {pk for pk, _n, _c in _overview(city)}
    seen_by_town = {pk for pk, _n, _c in _overview(town)}
    assert world.other_town.pk in seen_by_city and world.other_town.pk not in seen_by_town
    assert {pk for pk, _n, _c in _overview(town)} == seen_by_town
