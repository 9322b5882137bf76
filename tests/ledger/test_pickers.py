"""The ledger's pickers load on demand: the page does not list every organisation or
person, and the picker endpoints list only what the user may see."""

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.inspections.models import Problem
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db


def picked(client, name, inspection, **params):
    response = client.get(reverse(name, args=[inspection.pk]), params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_ledger_page_weighs_the_same_with_300_more_organisations(login, world):
    f.many_measures(world.inspection, 60, [world.agri, world.finance, world.village])
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    before = len(client.get(url).content)

    units = Organisation.objects.bulk_create(
        Organisation(name=f"新建村{i}党支部", parent=world.town, path="") for i in range(300)
    )
    for unit in units:
        unit.path = f"{world.town.path}{unit.pk}/"
    Organisation.objects.bulk_update(units, ["path"])
    User.objects.bulk_create(
        User(
            username=f"ld{i}", full_name=f"领导{i}", role=User.Role.LEADER, organisation=world.town
        )
        for i in range(100)
    )
    last = Problem.objects.create(
        inspection=world.inspection, aspect=world.problem.aspect, title="最后的问题", order=9999
    )
    Measure.objects.bulk_create(
        Measure(problem=last, text="新措施", lead_unit=unit, leader=world.leader) for unit in units
    )
    f.analyze()
    after = client.get(url).content
    assert len(after) - before < 500, len(after) - before  # a row count, not 300 options
    assert "新建村1党支部".encode() not in after


def test_pickers_search_what_the_office_may_assign(login, world):
    client = login(world.office)
    assert picked(client, "ledger:pick_units", world.inspection) == ["农业办", "财政所"]
    assert picked(client, "ledger:pick_units", world.inspection, q="财政") == ["财政所"]
    assigned = picked(client, "ledger:pick_units", world.inspection, **{"for": "assign"})
    assert set(assigned) == {"农业办", "财政所", "东村党支部"}
    assert "leader2" in picked(client, "ledger:pick_leaders", world.inspection, q="leader2")


def test_pickers_send_at_most_a_page_and_say_there_is_more(login, world):
    Organisation.objects.bulk_create(
        Organisation(name=f"村{i}", parent=world.town, path=f"{world.town.path}x{i}/")
        for i in range(40)
    )
    client = login(world.office)
    url = reverse("ledger:pick_units", args=[world.inspection.pk])
    data = client.get(url, {"for": "assign"}).json()
    assert len(data["results"]) == 30 and data["more"] is True


def test_a_unit_never_lists_what_it_may_not_see(login, world):
    client = login(world.other_unit)  # 财政所: sees its own measures only
    assert picked(client, "ledger:pick_units", world.inspection) == ["财政所"]
    url = reverse("ledger:pick_units", args=[world.inspection.pk])
    assert client.get(url, {"for": "assign"}).status_code == 403
    assert client.get(reverse("ledger:pick_leaders", args=[world.inspection.pk])).status_code == 403
    other = reverse("ledger:pick_units", args=[world.other_inspection.pk])
    assert client.get(other).status_code == 404


def test_the_chosen_unit_stays_on_the_filtered_page(login, world):
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    html = client.get(url, {"unit": world.finance.pk}).content.decode()
    assert f'<option value="{world.finance.pk}" selected>财政所</option>' in html
    assert "农业办</option>" not in html
