import datetime as dt

import pytest

from zhenggai.core.lights import Light, LightRules, ProblemStatus, measure_light, problem_status

TODAY = dt.date(2026, 11, 22)
RULES = LightRules(yellow_days_before_deadline=10, yellow_days_without_update=30)


def light(deadline=None, closed=False, last=TODAY):
    return measure_light(
        today=TODAY, deadline=deadline, closed=closed, last_activity=last, rules=RULES
    )


def test_past_deadline_and_open_is_red():
    assert light(TODAY - dt.timedelta(days=1)) is Light.RED


def test_closed_is_green_even_past_deadline():
    assert light(TODAY - dt.timedelta(days=100), closed=True) is Light.GREEN


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
    assert sorted(Light, key=lambda x: x.rank) == [Light.RED, Light.YELLOW, Light.GREEN]
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
