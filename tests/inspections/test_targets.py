"""Finding the inspected organisations a notice names in the office's tree."""

from __future__ import annotations

import pytest

from tests import factories as f
from zhenggai.inspections.targets import guess_kind, place_key, plan_targets
from zhenggai.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_place_is_read_through_the_party_organ_around_it():
    assert {place_key(n) for n in ("中共石桥镇委员会", "石桥镇党委", "石桥镇")} == {"石桥镇"}
    assert place_key("柳塘村党支部") == "柳塘村"
    assert place_key("市住房和城乡建设局党组") == "市住房和城乡建设局"


def test_a_new_organisation_gets_its_kind_and_category_from_its_name():
    assert guess_kind("柳塘村党支部") == (Organisation.Kind.BRANCH, Organisation.Category.VILLAGE)
    assert guess_kind("桂花社区党总支") == (
        Organisation.Kind.GENERAL_BRANCH,
        Organisation.Category.VILLAGE,
    )
    assert guess_kind("市水务局党组") == (
        Organisation.Kind.LEADING_GROUP,
        Organisation.Category.DEPARTMENT,
    )


def test_names_are_matched_by_full_or_short_name_in_the_subtree_only(world):
    world.town.short_name = "青山镇"
    world.town.save()
    targets = plan_targets(["中共青山镇委员会", "东村党支部", "白河镇党委"], world.town)
    assert [t.organisation for t in targets] == [world.town, world.village, None]
    # 白河镇 exists, but outside the office's subtree: proposed, never borrowed.
    assert targets[2].parent == world.town


def test_unknown_villages_are_proposed_under_the_matched_town(world):
    county = f.org("临江市委组织部", world.city)
    targets = plan_targets(["青山镇党委", "柳塘村", "桂花村党支部"], county.parent)
    assert targets[0].organisation == world.town
    assert [(t.parent, t.category) for t in targets[1:]] == [
        (world.town, Organisation.Category.VILLAGE),
        (world.town, Organisation.Category.VILLAGE),
    ]
    assert targets[2].kind == Organisation.Kind.BRANCH


def test_a_village_of_the_same_name_in_another_town_is_not_taken(world):
    f.org("东村党支部", world.other_town, f.Cat.VILLAGE)
    targets = plan_targets(["青山镇党委", "东村党支部"], world.city)
    assert targets[1].organisation == world.village


def test_a_village_printed_with_its_town_is_found_under_that_town(world):
    f.org("东村党支部", world.other_town, f.Cat.VILLAGE)
    targets = plan_targets(["白河镇东村党支部", "青山镇东村党支部"], world.city)
    assert [t.organisation.parent for t in targets] == [world.other_town, world.town]
