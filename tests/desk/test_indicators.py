"""Each indicator formula on a ledger counted by hand (tests/desk/scenario.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f
from tests.desk.scenario import TODAY, build
from zhenggai.core.indicators import Counts, Indicators, rate
from zhenggai.inspections.models import Inspection
from zhenggai.oversight.indicators import counts_by, indicators_by
from zhenggai.oversight.models import EscalationPolicy

pytestmark = pytest.mark.django_db


def _one(w, insp, by="inspection"):
    qs = Inspection.objects.filter(pk=insp.pk).select_related("organisation")
    return indicators_by(qs, TODAY, by)[insp.pk if by == "inspection" else insp.organisation_id]


def test_rate_is_none_without_a_denominator():
    assert rate(1, 0) is None
    assert rate(1, 3) == 33.3
    assert Indicators(Counts()).completion_rate is None


def test_completion_rate_is_closed_over_due(world):
    insp, _ = build(world)
    ind = _one(world, insp)
    # due: the two closed and the two overdue; the yellow and green ones are not due yet
    assert (ind.counts.due, ind.counts.closed) == (4, 2)
    assert ind.completion_rate == 50.0


def test_on_time_rate_counts_closures_by_their_deadline(world):
    insp, _ = build(world)
    ind = _one(world, insp)
    assert (ind.counts.closed_on_time, ind.counts.closed_with_deadline) == (1, 2)
    assert ind.on_time_rate == 50.0


def test_overdue_count_and_days(world):
    insp, _ = build(world)
    c = _one(world, insp).counts
    assert (c.overdue, c.overdue_days, c.max_overdue_days) == (2, 30, 20)


def test_unassigned_counts_open_measures_missing_leader_unit_or_deadline(world):
    insp, _ = build(world)
    assert _one(world, insp).counts.unassigned == 1


def test_rebound_rate_is_relapses_over_lookbacks_done_without_spot_checks(world):
    insp, _ = build(world)
    ind = _one(world, insp)
    assert (ind.counts.relapsed, ind.counts.rechecks_done) == (1, 3)
    assert ind.rebound_rate == 33.3


def test_evidence_coverage_is_closed_with_evidence_over_closed(world):
    insp, _ = build(world)
    ind = _one(world, insp)
    assert ind.counts.closed_with_evidence == 1
    assert ind.evidence_coverage == 50.0


def test_spot_check_failure_rate_counts_only_checked_items(world):
    insp, _ = build(world)
    ind = _one(world, insp)
    assert (ind.counts.spot_failed, ind.counts.spot_checked) == (1, 2)
    assert ind.spot_failure_rate == 50.0


def test_registers_regulations_accountability_and_recovered(world):
    insp, _ = build(world)
    c = _one(world, insp).counts
    assert (c.regulations, c.accountability, c.recovered) == (2, 5, Decimal("3.75"))
    assert c.problems == 2


def test_yellow_honours_each_organisations_policy(world):
    insp, _ = build(world)
    assert _one(world, insp).counts.yellow == 1
    other = f.inspection(world.other_town, "白河镇巡察")
    f.measure(
        f.problem(other, "问题"),
        world.other_town,
        world.leader,
        deadline=TODAY + dt.timedelta(days=20),
        last_progress_on=TODAY,
    )
    EscalationPolicy.objects.create(organisation=world.other_town, notice_days=40, yellow_days=30)
    qs = Inspection.objects.filter(pk__in=[insp.pk, other.pk]).select_related("organisation")
    counts = counts_by(qs, TODAY, "inspection")
    assert counts[other.pk].yellow == 1  # 20 days ahead is yellow under a 30-day policy
    assert counts[insp.pk].yellow == 1  # …and the town keeps the default 10 days


def test_organisation_rows_sum_their_inspections(world):
    first, _ = build(world)
    second, _ = build(world)
    qs = Inspection.objects.filter(pk__in=[first.pk, second.pk]).select_related("organisation")
    c = counts_by(qs, TODAY)[world.town.pk]
    assert (c.measures, c.closed, c.max_overdue_days) == (14, 4, 20)
    assert Indicators(c).completion_rate == 50.0


def test_documents_leave_out_a_rate_without_denominator_and_tiles_show_a_dash():
    from zhenggai.core.indicators import PUBLIC_KEYS, sentence, summary

    ind = Indicators(Counts(measures=4, due=2, closed=1, closed_with_deadline=1))
    assert sentence(ind, PUBLIC_KEYS) == "完成率50.0%，按期完成率0.0%"
    assert sentence(ind, ("completion_rate", "rebound_rate")) == "完成率50.0%"
    tile = {r["key"]: r for r in summary(ind)}["rebound_rate"]
    assert (tile["text"], tile["number"], tile["unit"]) == ("—", "—", "")
    money = {r["key"]: r for r in summary(Indicators(Counts(recovered=Decimal("2.50"))))}
    assert money["recovered"]["text"] == "2.5万元"
