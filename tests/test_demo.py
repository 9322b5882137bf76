"""`zhenggai demo`: a fictional town in every status and light, created once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from zhenggai.core.lights import Light
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Accountability, Measure, Recovery, Regulation
from zhenggai.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def test_demo_builds_a_town_with_every_status_and_light():
    build_demo(TODAY)
    county = Organisation.objects.get(short_name="溪山县委")
    town = Inspection.objects.exclude(organisation__path__startswith=county.path)
    assert town.count() == 2
    assert 28 <= Problem.objects.filter(inspection__in=town).count() <= 40
    assert 80 <= Measure.objects.filter(problem__inspection__in=town).count() <= 110
    statuses = set(Measure.objects.values_list("status", flat=True))
    assert statuses == set(Measure.Status.values)
    lights = set(Measure.objects.with_policy_light(TODAY).values_list("light", flat=True))
    assert lights == {light.value for light in Light}
    assert set(Measure.objects.values_list("kind", flat=True)) == set(Measure.Kind.values)
    categories = set(Organisation.objects.values_list("category", flat=True))
    assert {Organisation.Category.VILLAGE, Organisation.Category.DEPARTMENT} <= categories
    assert (
        Regulation.objects.exists()
        and Accountability.objects.exists()
        and Recovery.objects.exists()
    )
    assert Problem.objects.filter(carried_from__isnull=False).exists()
    assert Problem.objects.filter(aspect__parent__isnull=False).exists()


def test_demo_has_one_login_per_role_with_a_valid_password():
    build_demo(TODAY)
    for username, role in [
        ("admin", "admin"),
        ("office", "office"),
        ("unit", "unit"),
        ("leader", "leader"),
        ("oversight", "oversight"),
        ("county", "oversight"),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(PASSWORD)


def test_running_the_demo_twice_does_not_duplicate_anything():
    build_demo(TODAY)
    before = (Organisation.objects.count(), User.objects.count(), Measure.objects.count())
    result = build_demo(TODAY)
    assert not result.created
    assert (Organisation.objects.count(), User.objects.count(), Measure.objects.count()) == before


def test_demo_unit_login_has_measures_to_work_on():
    build_demo(TODAY)
    unit = User.objects.get(username="unit")
    led = Measure.objects.led_or_coled_by(unit.organisation)
    assert led.exclude(status=Measure.Status.CLOSED).count() >= 5
    leader = User.objects.get(username="leader")
    assert Measure.objects.filter(leader=leader).count() >= 5
    assert not Problem.objects.values("inspection").annotate(n=Count("pk")).filter(n=0).exists()


def test_demo_command_prints_the_credentials(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "office" in out and PASSWORD in out and "演示数据已创建" in out


def test_demo_county_gives_the_oversight_desk_something_to_show():
    from zhenggai.oversight.clusters import common_problems
    from zhenggai.oversight.models import SpotCheckItem
    from zhenggai.oversight.quality import RULES
    from zhenggai.oversight.recurrence import recurrences
    from zhenggai.publication.quality import findings

    build_demo(TODAY)
    county = User.objects.get(username="county")
    towns = Organisation.objects.filter(parent=county.organisation)
    assert towns.count() == 3
    assert Inspection.objects.filter(organisation__in=towns).count() == 6
    songling = Inspection.objects.get(organisation__short_name="松岭镇", round__contains="第七轮")
    assert {f.rule for f in findings(songling, TODAY)} == set(RULES)
    assert recurrences(songling)
    assert len(common_problems(Problem.objects.all())) >= 3
    assert SpotCheckItem.objects.filter(result="failed").exists()
    closed = Measure.objects.filter(
        problem__inspection__organisation__in=towns, status=Measure.Status.CLOSED
    )
    assert closed.filter(evidence__isnull=False).distinct().count() > closed.count() // 2
