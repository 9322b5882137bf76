"""Stored lights (Measure.lit_rank, lit_deadline): the tick stores every measure's, each
action its own measure's; whatever happens, the stored light is the computed one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF
from zhenggai.core.lights import Light
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import Measure, Milestone, Recheck, stored_lights_ready
from zhenggai.orgs.policy import EscalationPolicy
from zhenggai.oversight.tick import run_tick

pytestmark = pytest.mark.django_db


def assert_stored_is_computed():
    today = timezone.localdate()
    computed = {
        pk: (rank, deadline)
        for pk, rank, deadline in Measure.objects.with_policy_light(today).values_list(
            "pk", "light_rank", "judged_deadline"
        )
    }
    stored = {
        pk: (rank, deadline)
        for pk, rank, deadline in Measure.objects.values_list("pk", "lit_rank", "lit_deadline")
    }
    assert stored == computed


def tick():
    run_tick(timezone.localdate(), send=False, bulletins=False, verify=False)


def test_the_tick_stores_every_light_and_says_so(world):
    today = timezone.localdate()
    assert not stored_lights_ready(today)
    tick()
    assert stored_lights_ready(today)
    assert_stored_is_computed()


def test_each_action_stores_its_measures_light_at_once(world):
    today = timezone.localdate()
    tick()
    m = world.measure
    m = actions.do_update_measure(world.office, m, m.version, deadline=today - dt.timedelta(days=1))
    assert_stored_is_computed()
    assert Measure.objects.get(pk=m.pk).lit_rank == Light.RED.rank
    m = actions.do_update_measure(
        world.office, m, m.version, deadline=today + dt.timedelta(days=90)
    )
    actions.do_post_progress(world.unit, m, date=today, text="完成", files=[Upload("a.pdf", PDF)])
    assert_stored_is_computed()
    closure = actions.do_request_closure(world.unit, Measure.objects.get(pk=m.pk), note="申请")
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    actions.do_approve_closure(world.leader, closure, approve=True)
    assert Measure.objects.get(pk=m.pk).lit_rank == Light.CLOSED.rank
    assert_stored_is_computed()
    recheck = Recheck.objects.filter(measure=m).order_by("due").first()
    actions.do_record_recheck(
        world.office, recheck, result=Recheck.Result.RELAPSED, note="反弹", checked_on=today
    )
    assert Measure.objects.get(pk=m.pk).lit_rank == Light.UNASSIGNED.rank
    assert_stored_is_computed()
    long_term = actions.do_create_measure(
        world.office,
        world.problem,
        text="长期整改",
        kind=Measure.Kind.LONG_TERM,
        leader=world.leader,
        lead_unit=world.agri,
        deadline=today + dt.timedelta(days=300),
    )
    assert_stored_is_computed()
    milestone = actions.do_add_milestone(
        world.office, long_term, title="第一阶段", due=today - dt.timedelta(days=2)
    )
    assert Measure.objects.get(pk=long_term.pk).lit_rank == Light.RED.rank
    actions.do_withdraw_milestone(
        world.office,
        Milestone.objects.get(pk=milestone.pk),
        version=Measure.objects.get(pk=long_term.pk).version,
        reason="设错了",
    )
    assert Measure.objects.get(pk=long_term.pk).lit_rank == Light.GREEN.rank
    assert_stored_is_computed()


def test_the_home_orders_by_stored_lights_and_a_saved_policy_sets_them_aside(world, login):
    today = timezone.localdate()
    m = world.finance_measure
    # The most overdue of the town's measures: first on the home.
    actions.do_update_measure(world.office, m, m.version, deadline=today - dt.timedelta(days=400))
    tick()
    client = login(world.office)
    rows = client.get(reverse("home")).context["page"].object_list
    assert rows[0].pk == m.pk and rows[0].light == Light.RED.value
    EscalationPolicy.objects.create(organisation=world.city, yellow_days=20)
    assert not stored_lights_ready(today)
    rows = client.get(reverse("home")).context["page"].object_list
    assert rows[0].pk == m.pk  # computed again, the same order


def test_the_ledgers_light_filter_counts_by_stored_lights_and_shows_fresh_ones(world, login):
    today = timezone.localdate()
    tick()
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])

    def red() -> set[str]:
        page = client.get(url, {"light": "red"}).content.decode()
        return {m.text for m in Measure.objects.all() if m.text in page}

    overdue = red()
    assert "清查全部租赁合同" not in overdue
    m = world.measure
    m = actions.do_update_measure(world.office, m, m.version, deadline=today - dt.timedelta(days=1))
    assert red() == overdue | {"清查全部租赁合同"}
    actions.do_update_measure(world.office, m, m.version, deadline=today + dt.timedelta(days=90))
    assert red() == overdue

    # A saved policy sets the stored lights aside: the filter computes them again.
    def listed(light: str) -> set[str]:
        page = client.get(url, {"light": light}).content.decode()
        return {m.text for m in Measure.objects.all() if m.text in page}

    def computed(light: str) -> set[str]:
        lit = Measure.objects.filter(problem__inspection=world.inspection)
        return set(lit.with_policy_light(today).filter(light=light).values_list("text", flat=True))

    n = world.finance_measure
    actions.do_update_measure(world.office, n, n.version, deadline=today + dt.timedelta(days=15))
    actions.do_post_progress(world.office, n, date=today, text="推进", files=[Upload("b.pdf", PDF)])
    assert "修订财务制度" not in listed("yellow")
    EscalationPolicy.objects.create(organisation=world.city, yellow_days=20)
    assert not stored_lights_ready(today)
    assert "修订财务制度" in computed("yellow")
    assert listed("yellow") == computed("yellow")


def test_indicators_and_dashboard_count_by_stored_lights_as_by_computed(world, monkeypatch):
    """The indicators (notices, reports, the overview) and the dashboard's charts count
    by the stored lights once the tick stored them: the same figures as computed ones,
    after actions too."""
    from zhenggai.ledger import models as ledger_models
    from zhenggai.oversight import figures
    from zhenggai.oversight.indicators import inspection_indicators

    today = timezone.localdate()
    tick()
    m = world.measure
    actions.do_update_measure(world.office, m, m.version, deadline=today - dt.timedelta(days=3))
    assert stored_lights_ready(today)
    stored = (
        inspection_indicators(world.inspection, today),
        figures._dashboard(world.inspection, today),
    )
    monkeypatch.setattr(ledger_models, "stored_lights_ready", lambda day: False)
    computed = (
        inspection_indicators(world.inspection, today),
        figures._dashboard(world.inspection, today),
    )
    assert stored == computed
    assert stored[1]["states"][Light.RED.value] >= 1
