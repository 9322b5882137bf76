import datetime as dt

import pytest

from zhenggai.core.lights import (
    Light,
    LightRules,
    ProblemStatus,
    is_assigned,
    measure_light,
    problem_status,
)

TODAY = dt.date(2026, 11, 22)
RULES = LightRules(yellow_days_before_deadline=10, yellow_days_without_update=30)


def light(deadline=None, closed=False, last=TODAY):
    return measure_light(
        today=TODAY, deadline=deadline, closed=closed, last_activity=last, rules=RULES
    )


def test_past_deadline_and_open_is_red():
    assert light(TODAY - dt.timedelta(days=1)) is Light.RED


def test_closed_shows_closed_not_a_light_even_past_deadline():
    assert light(TODAY - dt.timedelta(days=100), closed=True) is Light.CLOSED
    assert Light.CLOSED.label == "已销号" and not Light.CLOSED.is_light


def test_a_measure_missing_leader_unit_or_deadline_is_unassigned_not_green():
    assert (
        measure_light(today=TODAY, deadline=None, closed=False, last_activity=None, assigned=False)
        is Light.UNASSIGNED
    )
    assert Light.UNASSIGNED.label == "待交办" and not Light.UNASSIGNED.is_light
    assert not is_assigned(leader=1, lead_unit=None, deadline=TODAY)
    assert not is_assigned(leader=None, lead_unit=1, deadline=TODAY)
    assert not is_assigned(leader=1, lead_unit=1, deadline=None)
    assert is_assigned(leader=1, lead_unit=1, deadline=TODAY)


def test_an_unassigned_measure_past_a_deadline_is_still_unassigned_and_closed_wins():
    args = {"today": TODAY, "deadline": TODAY - dt.timedelta(days=5), "last_activity": None}
    assert measure_light(**args, closed=False, assigned=False) is Light.UNASSIGNED
    assert measure_light(**args, closed=True, assigned=False) is Light.CLOSED


def test_deadline_today_is_yellow_not_red():
    assert light(TODAY) is Light.YELLOW


@pytest.mark.parametrize(("days", "expected"), [(10, Light.YELLOW), (11, Light.GREEN)])
def test_yellow_starts_the_configured_number_of_days_before_the_deadline(days, expected):
    assert light(TODAY + dt.timedelta(days=days)) is expected


@pytest.mark.parametrize(("days", "expected"), [(30, Light.GREEN), (31, Light.YELLOW)])
def test_no_update_for_too_long_turns_yellow(days, expected):
    assert light(TODAY + dt.timedelta(days=90), last=TODAY - dt.timedelta(days=days)) is expected


def test_without_deadline_or_activity_is_green():
    assert light(None, last=None) is Light.GREEN


def test_lights_sort_most_urgent_first():
    assert sorted(Light, key=lambda x: x.rank) == [
        Light.RED,
        Light.YELLOW,
        Light.UNASSIGNED,
        Light.GREEN,
        Light.CLOSED,
    ]
    assert Light.RED.label == "红灯"


def test_problem_is_done_when_every_measure_is_closed():
    assert problem_status([(True, False), (True, True)]) is ProblemStatus.DONE


def test_problem_is_mostly_done_when_only_long_term_measures_go_on():
    assert problem_status([(True, False), (False, True)]) is ProblemStatus.MOSTLY_DONE


def test_problem_is_in_progress_while_an_ordinary_measure_is_open():
    assert problem_status([(True, False), (False, False)]) is ProblemStatus.IN_PROGRESS
    assert problem_status([]) is ProblemStatus.IN_PROGRESS
    assert problem_status([(False, True)]) is ProblemStatus.IN_PROGRESS
    assert ProblemStatus.DONE.label == "已完成整改"
