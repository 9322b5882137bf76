"""抽查复核: a reproducible draw, recorded results, a failure reopens the measure."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.core.sampling import draw, sample_size
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.actions import WorkflowError
from zhenggai.ledger.models import Measure, Recheck
from zhenggai.oversight.desk_actions import do_draw_spot_check, do_record_spot_result
from zhenggai.oversight.indicators import indicators_by
from zhenggai.oversight.models import SpotCheckItem

pytestmark = pytest.mark.django_db
S = Measure.Status
DAY = dt.date(2026, 9, 1)


def test_sample_size_reads_counts_and_percentages():
    assert sample_size("5", 40) == 5
    assert sample_size("20%", 41) == 9  # rounded up
    assert sample_size("２０％", 10) == 2  # full-width
    assert sample_size("50", 7) == 7
    with pytest.raises(ValueError, match="抽取数量"):
        sample_size("几个", 10)


def test_draw_is_reproducible_from_seed_and_population():
    population = list(range(1, 101))
    assert draw(population, 10, "abc") == draw(list(reversed(population)), 10, "abc")
    assert draw(population, 10, "abc") != draw(population, 10, "abd")


def _closed(w, n):
    return [
        f.measure(w.problem, w.agri, w.leader, status=S.CLOSED, closed_on=DAY) for _ in range(n)
    ]


def test_draw_records_seed_population_and_sample(world):
    closed = _closed(world, 10)
    check = do_draw_spot_check(world.oversight, world.inspection, requested="30%")
    assert check.population == sorted(m.pk for m in closed)
    assert len(check.sample) == 3
    assert check.sample == draw(check.population, 3, check.seed)
    assert {i.measure_id for i in check.items.all()} == set(check.sample)
    event = AuditEvent.objects.get(action="spotcheck.draw")
    assert event.after["seed"] == check.seed


def test_draw_without_closed_measures_is_refused(world):
    with pytest.raises(WorkflowError, match="没有已销号"):
        do_draw_spot_check(world.oversight, world.inspection, requested="5")


def test_failed_check_reopens_the_measure_through_the_relapse_path(world):
    _closed(world, 4)
    check = do_draw_spot_check(world.office, world.inspection, requested="2")
    first, second = check.items.all()
    do_record_spot_result(world.oversight, first, result="passed", note="", checked_on=DAY)
    do_record_spot_result(
        world.oversight, second, result="failed", note="走访7户，4户不知情", checked_on=DAY
    )
    measure = Measure.objects.get(pk=second.measure_id)
    assert measure.status == S.IN_PROGRESS and measure.closed_on is None
    second.refresh_from_db()
    assert second.recheck.result == Recheck.Result.RELAPSED
    assert "抽查复核不实" in second.recheck.note
    assert AuditEvent.objects.filter(action="measure.reopen", measure=measure).exists()
    assert AuditEvent.objects.filter(action="spotcheck.result").count() == 2
    # the results feed the indicators; the reopening is not counted as a look-back
    qs = Inspection.objects.filter(pk=world.inspection.pk).select_related("organisation")
    ind = indicators_by(qs, DAY, "inspection")[world.inspection.pk]
    assert (ind.counts.spot_checked, ind.counts.spot_failed) == (2, 1)
    assert ind.spot_failure_rate == 50.0
    assert ind.counts.rechecks_done == 0


def test_a_failure_needs_a_note_and_a_result_is_recorded_once(world):
    _closed(world, 1)
    item = do_draw_spot_check(world.office, world.inspection, requested="1").items.get()
    with pytest.raises(WorkflowError, match="写明"):
        do_record_spot_result(world.office, item, result="failed", note=" ", checked_on=DAY)
    do_record_spot_result(world.office, item, result="passed", note="", checked_on=DAY)
    item = SpotCheckItem.objects.get(pk=item.pk)
    with pytest.raises(WorkflowError, match="已记录"):
        do_record_spot_result(world.office, item, result="failed", note="x", checked_on=DAY)
