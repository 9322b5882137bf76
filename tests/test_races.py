"""Races (issue 12): N identical requests at once make exactly one effect.

Each check runs twice: sequentially (a double submit, on every database) and truly in
parallel — threads, each with its own client and database connection, released together
by a barrier. The parallel variant is skipped on SQLite only: the test database there is
Django's shared-cache in-memory database, on which concurrent writers fail with "database
table is locked" instead of waiting, so it cannot show a race either way (production
SQLite is a WAL file whose transactions start IMMEDIATE and so run one at a time). CI runs
the whole suite again on PostgreSQL, where the parallel variant runs.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.ledger.files import PDF
from tests.publication.conftest import publish
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import ClosureRequest, Measure, Milestone, ProgressUpdate, Recheck
from zhenggai.publication.models import PublicComment

S = Measure.Status
N = 10

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["sequential", "parallel"])
def fire(request):
    """``fire(n, user, url, data)`` → the status codes of n identical POSTs."""
    parallel = request.param == "parallel"
    if parallel and connection.vendor == "sqlite":
        pytest.skip("true parallelism needs PostgreSQL (see the module docstring)")

    def _fire(n, user, url, data, **extra):
        codes: list[int] = []
        barrier = threading.Barrier(n)

        def one():
            client = Client(**extra)
            if user is not None:
                client.force_login(user)
            if not parallel:
                codes.append(client.post(url, data).status_code)
                return
            try:
                barrier.wait(timeout=30)
                codes.append(client.post(url, data).status_code)
            finally:
                connections.close_all()

        if not parallel:
            for _ in range(n):
                one()
            return codes
        threads = [threading.Thread(target=one) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert len(codes) == n, "a request thread did not finish"
        return codes

    return _fire


def _events(code: str) -> int:
    return AuditEvent.objects.filter(action=code).count()


def _requested(world) -> ClosureRequest:
    actions.do_post_progress(
        world.unit, world.measure, date=timezone.localdate(), text="x", files=[Upload("a.pdf", PDF)]
    )
    return actions.do_request_closure(
        world.unit, Measure.objects.get(pk=world.measure.pk), note="完成"
    )


def test_a_closure_review_is_accepted_once(world, fire):
    closure = _requested(world)
    url = reverse("ledger:closure_review", args=[closure.pk])
    data = {"decision": "accept", "evidence": "on", "matches": "on", "figures": "on"}
    fire(N, world.office, url, data)
    assert _events("closure.accept") == 1
    assert ClosureRequest.objects.get(pk=closure.pk).stage == ClosureRequest.Stage.PENDING_APPROVAL


def test_a_closure_is_approved_once(world, fire):
    closure = _requested(world)
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    fire(
        N,
        world.leader,
        reverse("ledger:closure_approve", args=[closure.pk]),
        {"decision": "approve"},
    )
    assert _events("closure.approve") == 1
    assert Recheck.objects.filter(measure=world.measure).count() == len(
        settings.ZHENGGAI["RECHECK_MONTHS"]
    )


def test_a_milestone_is_done_once(world, fire):
    measure = f.measure(world.problem, world.agri, world.leader, kind=Measure.Kind.LONG_TERM)
    milestone = Milestone.objects.create(
        measure=measure, title="第一阶段", due=dt.date(2026, 12, 1), order=0
    )
    fire(N, world.unit, reverse("ledger:milestone_done", args=[milestone.pk]), {})
    assert _events("milestone.done") == 1


def test_a_look_back_is_recorded_once(world, fire):
    closure = _requested(world)
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    actions.do_approve_closure(world.leader, closure, approve=True)
    recheck = Recheck.objects.filter(measure=world.measure).order_by("due").first()
    data = {"result": Recheck.Result.RELAPSED, "note": "又出现了", "checked_on": "2026-01-05"}
    fire(5, world.office, reverse("ledger:recheck_record", args=[recheck.pk]), data)
    assert _events("recheck.record") == 1
    assert _events("measure.reopen") == 1


def test_a_register_entry_is_withdrawn_once_and_corrected_once(world, fire):
    from decimal import Decimal

    entry = actions.do_add_recovery(
        world.office,
        world.inspection,
        kind="recovered",
        amount_wan_yuan=Decimal("3.2"),
        problems=[world.problem],
    )
    url = reverse("ledger:register_correct", kwargs={"kind": "recovery", "pk": entry.pk})
    data = {
        "correct-kind": "recovered",
        "correct-amount_wan_yuan": "3.5",
        "correct-problems": [world.problem.pk],
        "correct-version": 1,
    }
    fire(5, world.office, url, data)
    assert _events("recovery.correct") == 1
    url = reverse("ledger:register_withdraw", kwargs={"kind": "recovery", "pk": entry.pk})
    fire(5, world.office, url, {"withdraw-reason": "重复登记", "withdraw-version": 2})
    assert _events("recovery.withdraw") == 1


def test_a_double_submitted_progress_form_makes_one_row(world, fire):
    url = reverse("ledger:progress", args=[world.measure.pk])
    data = {"date": timezone.localdate().isoformat(), "text": "完成清查", "key": "form-1"}
    fire(N, world.unit, url, data)
    assert ProgressUpdate.objects.filter(measure=world.measure).count() == 1
    # A new form (a new key) is a new report.
    fire(1, world.unit, url, {**data, "key": "form-2"})
    assert ProgressUpdate.objects.filter(measure=world.measure).count() == 2


def test_progress_racing_a_closure_request_leaves_a_consistent_measure(world, fire):
    """A progress post must not move a measure already 申请销号 back to 推进中."""
    _requested(world)  # 申请销号, with evidence
    Measure.objects.filter(pk=world.measure.pk).update(status=S.NOT_STARTED)
    ClosureRequest.objects.filter(measure=world.measure).update(stage=ClosureRequest.Stage.RETURNED)
    measure = Measure.objects.get(pk=world.measure.pk)
    actions.do_request_closure(world.unit, measure, note="完成")
    # The progress form was loaded while the measure was still 未启动.
    actions.do_post_progress(world.unit, measure, date=timezone.localdate(), text="晚到的进展")
    measure.refresh_from_db()
    assert measure.status == S.CLOSURE_REQUESTED


def test_one_address_cannot_exceed_the_opinion_limit(world, fire, settings):
    settings.ZHENGGAI = {**settings.ZHENGGAI, "PUBLIC_OPINIONS_PER_HOUR": 5}
    notice = publish(world)
    url = reverse("public:notice", args=[notice.pk])
    fire(20, None, url, {"text": "建议公开合同清单", "contact": ""}, REMOTE_ADDR="203.0.113.9")
    assert PublicComment.objects.filter(notice=notice).count() == 5
