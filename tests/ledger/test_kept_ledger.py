"""The ledger's head and rows kept as HTML (``snapshots.kept_page``): served again while
nothing in the inspection changed, made afresh the moment anything did, and never shown
to another viewer than the one they were made for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF
from zhenggai.inspections import actions as inspection_actions
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import Measure
from zhenggai.lib import build
from zhenggai.orgs.policy import EscalationPolicy
from zhenggai.oversight import snapshots

pytestmark = pytest.mark.django_db


def ledger(client, inspection, **params) -> str:
    response = client.get(reverse("ledger:ledger", args=[inspection.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> str:
    return page[page.index('<div id="rows">') :]


def test_a_second_look_is_served_from_the_kept_html(world, login, django_assert_max_num_queries):
    client = login(world.office)
    first = ledger(client, world.inspection)
    with django_assert_max_num_queries(5):
        again = ledger(client, world.inspection)
    assert rows(again) == rows(first)
    assert "清查全部租赁合同" in rows(again)


def test_every_change_in_the_inspection_is_seen_at_the_next_look(world, login):
    client = login(world.office)
    measure = world.measure
    ledger(client, world.inspection)

    actions.do_update_measure(world.office, measure, measure.version, text="清查并公示全部合同")
    assert "清查并公示全部合同" in ledger(client, world.inspection)

    actions.do_post_progress(
        world.unit,
        Measure.objects.get(pk=measure.pk),
        date=timezone.localdate(),
        text="已清查",
        files=[Upload("a.pdf", PDF)],
    )
    assert "推进中" in ledger(client, world.inspection, q="公示")

    inspection_actions.do_update_problem(world.office, world.problem, title="集体资产出租不规范")
    assert "集体资产出租不规范" in ledger(client, world.inspection)


def test_a_change_in_another_inspection_keeps_the_html(world, login, django_assert_max_num_queries):
    client = login(world.office)
    ledger(client, world.inspection)
    m = world.other_measure
    actions.do_update_measure(world.outsider, m, m.version, text="别处的修改")
    with django_assert_max_num_queries(5):
        ledger(client, world.inspection)


def test_names_and_policies_changed_outside_the_actions_are_seen(world, login):
    client = login(world.office)
    assert "leader2" in ledger(client, world.inspection)
    world.leader2.full_name = "王副镇长"
    world.leader2.save()
    page = ledger(client, world.inspection)
    assert "王副镇长" in page and "leader2" not in page

    world.finance.short_name = "镇财政所"
    world.finance.save()
    assert "镇财政所" in ledger(client, world.inspection)

    # A deadline five days away is yellow under a five-day notice, green under none.
    actions.do_update_measure(
        world.office,
        world.measure,
        world.measure.version,
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    policy, _ = EscalationPolicy.objects.get_or_create(organisation=world.town)
    policy.yellow_days = 10
    policy.save()
    yellow = ledger(client, world.inspection)
    policy.yellow_days = 1
    policy.save()
    assert ledger(client, world.inspection) != yellow


def test_a_login_does_not_throw_the_html_away(world, login, django_assert_max_num_queries):
    client = login(world.office)
    ledger(client, world.inspection)
    Client().force_login(world.leader2)  # stamps leader2's last_login
    with django_assert_max_num_queries(5):
        ledger(client, world.inspection)


def test_each_viewer_gets_html_made_for_them(world, login):
    office = login(world.office)
    assert "修订财务制度" in ledger(office, world.inspection)
    unit = Client()
    unit.force_login(world.unit)
    page = ledger(unit, world.inspection)
    assert "清查全部租赁合同" in page
    assert "修订财务制度" not in page  # the finance office's measure is not the unit's
    assert 'name="measures"' not in page  # nor are the office's bulk-assign boxes


def test_another_day_makes_the_lights_again(world, login, monkeypatch):
    client = login(world.office)
    m = world.measure
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    actions.do_update_measure(world.office, m, m.version, deadline=tomorrow)
    before = ledger(client, world.inspection, light="red")
    assert "清查全部租赁合同" not in before
    later = tomorrow + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later)
    assert "清查全部租赁合同" in ledger(client, world.inspection, light="red")


def test_html_made_from_rows_read_before_a_change_is_not_served_after_it(world, login):
    client = login(world.office)
    made = []
    real = snapshots.kept_page

    def change_while_making(inspection_id, viewer, key, make):
        def make_then_change():
            made.append(make())
            m = Measure.objects.get(pk=world.measure.pk)
            actions.do_update_measure(world.office, m, m.version, text="制作时的修改")
            return made[-1]

        return real(inspection_id, viewer, key, make_then_change)

    from zhenggai.ledger import views

    views.kept_page = change_while_making
    try:
        assert "制作时的修改" not in ledger(client, world.inspection)
    finally:
        views.kept_page = real
    assert "制作时的修改" in ledger(client, world.inspection)


def test_new_code_does_not_serve_the_html_of_the_old(world, login, monkeypatch):
    client = login(world.office)
    ledger(client, world.inspection)
    monkeypatch.setattr(snapshots, "code_digest", lambda: "another-build")
    made = []
    real = snapshots.kept_page

    def counting(inspection_id, viewer, key, make):
        return real(inspection_id, viewer, key, lambda: made.append(1) or make())

    from zhenggai.ledger import views

    monkeypatch.setattr(views, "kept_page", counting)
    ledger(client, world.inspection)
    assert made == [1]


def test_the_code_digest_covers_templates_and_sources(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>一</p>")
    (tmp_path / "views.py").write_text("x = 1\n")
    monkeypatch.setattr(build, "PACKAGE", tmp_path)
    digests = []
    for change in (
        None,
        lambda: page.write_text("<p>二</p>"),
        lambda: (tmp_path / "views.py").write_text("x = 2\n"),
    ):
        if change:
            change()
        build.code_digest.cache_clear()
        digests.append(build.code_digest())
    build.code_digest.cache_clear()
    assert len(set(digests)) == 3


def test_the_filters_ask_the_page_itself_not_its_last_query(world, login):
    """HTMX adds the form's fields to ``hx-get``: were it the current URL, each change
    of a filter would append the fields again (…&light=&q=…&light=red&q=…)."""
    client = login(world.office)
    page = ledger(client, world.inspection, light="red", q="合同")
    path = reverse("ledger:ledger", args=[world.inspection.pk])
    assert f'<form class="filters" method="get" hx-get="{path}"' in page


def test_the_inspection_page_keeps_its_counts_until_a_change(world, login):
    client = login(world.office)
    url = reverse("inspections:detail", args=[world.inspection.pk])
    assert client.get(url).context["total"] == 3
    actions.do_create_measure(
        world.office,
        world.problem,
        text="建立租赁合同台账",
        leader=world.leader,
        lead_unit=world.agri,
        co_units=[],
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    assert client.get(url).context["total"] == 4
    unit = Client()
    unit.force_login(world.unit)
    assert unit.get(url).context["total"] == 3  # its own two and the new one: its own counts
