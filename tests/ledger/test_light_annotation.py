"""The SQL light annotation must agree with zhenggai.core.lights on every case."""

import datetime as dt
import itertools

import pytest

from tests import factories as f
from zhenggai.ledger.models import Measure, Milestone

TODAY = dt.date(2026, 11, 22)
DEADLINES = [None, -5, 0, 5, 10, 11, 60]
ACTIVITY = [None, -3, -30, -31, -90]
STATUSES = [Measure.Status.IN_PROGRESS, Measure.Status.CLOSED]
LEADERS = [True, False]


@pytest.mark.django_db
def test_sql_light_matches_core_light_for_every_combination(world):
    def day(offset):
        return None if offset is None else TODAY + dt.timedelta(days=offset)

    made = []
    for deadline, activity, status, led in itertools.product(
        DEADLINES, ACTIVITY, STATUSES, LEADERS
    ):
        made.append(
            f.measure(
                world.problem,
                world.agri,
                world.leader if led else None,
                deadline=day(deadline),
                status=status,
                last_progress_on=day(activity),
                assigned_on=TODAY - dt.timedelta(days=40),
            )
        )
    annotated = {
        m.pk: m.light
        for m in Measure.objects.with_policy_light(TODAY).filter(pk__in=[m.pk for m in made])
    }
    for m in made:
        assert annotated[m.pk] == m.compute_light(TODAY).value, (
            m.deadline,
            m.last_progress_on,
            m.status,
        )


@pytest.mark.django_db
def test_long_term_measures_are_judged_on_their_next_open_milestone(world):
    m = f.measure(
        world.problem,
        world.agri,
        deadline=TODAY + dt.timedelta(days=400),
        kind=Measure.Kind.LONG_TERM,
        last_progress_on=TODAY,
    )
    Milestone.objects.create(
        measure=m,
        title="第一阶段",
        due=TODAY - dt.timedelta(days=30),
        done_on=TODAY - dt.timedelta(days=31),
    )
    Milestone.objects.create(measure=m, title="第二阶段", due=TODAY - dt.timedelta(days=2))
    annotated = Measure.objects.with_policy_light(TODAY).get(pk=m.pk)
    assert annotated.light == "red" == m.compute_light(TODAY).value
    assert annotated.judged_deadline == TODAY - dt.timedelta(days=2)


@pytest.mark.django_db
def test_the_ledger_shows_lights_by_the_organisations_own_policy(world, login):
    """A town that turns yellow 30 days ahead sees it on the ledger, as tick would remind."""
    from django.urls import reverse
    from django.utils import timezone

    from zhenggai.orgs.policy import EscalationPolicy

    today = timezone.localdate()
    m = f.measure(
        world.problem,
        world.agri,
        deadline=today + dt.timedelta(days=20),
        last_progress_on=today,
        text="二十天后到期的措施",
    )
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    client = login(world.office)
    assert m.pk not in {
        x.pk for x in client.get(url, {"light": "yellow"}).context["page"].object_list
    }
    EscalationPolicy.objects.create(organisation=world.town, notice_days=40, yellow_days=30)
    yellow = {x.pk for x in client.get(url, {"light": "yellow"}).context["page"].object_list}
    assert m.pk in yellow
    assert Measure.objects.get(pk=m.pk).compute_light(today).value == "yellow"


@pytest.mark.django_db
def test_rules_by_inspection_agree_with_one_rule_set_and_rank_follows_the_light(world):
    """A mapping whose inspections share their thresholds (one value in SQL) and one that
    differs (a CASE per inspection) light a measure as the rules alone do; ``light_rank``
    is always the light's rank."""
    from zhenggai.core.lights import Light, LightRules

    made = [
        f.measure(
            world.problem,
            world.agri,
            world.leader,
            deadline=TODAY + dt.timedelta(days=offset),
            last_progress_on=TODAY - dt.timedelta(days=stale),
            assigned_on=TODAY - dt.timedelta(days=40),
        )
        for offset, stale in itertools.product([-1, 3, 8, 40], [0, 12])
    ]
    rules = LightRules(yellow_days_before_deadline=7, yellow_days_without_update=10)
    other = LightRules(yellow_days_before_deadline=2, yellow_days_without_update=30)
    pks = [m.pk for m in made]
    own = world.inspection.pk

    def lights(r):
        qs = Measure.objects.filter(pk__in=pks).with_light(TODAY, r)
        return {m.pk: (m.light, m.light_rank) for m in qs}

    expected = lights(rules)
    assert {light for light, _ in expected.values()} >= {"red", "yellow", "green"}
    assert all(rank == Light(light).rank for light, rank in expected.values())
    assert lights({own: rules, own + 1: rules}) == expected
    assert lights({own: rules, own + 1: other}) == expected
    assert lights({own: other, own + 1: rules}) != expected
