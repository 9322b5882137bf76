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
    assert Inspection.objects.count() == 2
    assert 28 <= Problem.objects.count() <= 40
    assert 80 <= Measure.objects.count() <= 110
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
