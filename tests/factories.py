"""Small builders for test data. Every name is invented."""

from __future__ import annotations

import datetime as dt
import itertools

from zhenggai.inspections.models import Aspect, Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import Organisation, User
from zhenggai.oversight.snapshots import mark_stale

PASSWORD = "Test-pass-2026"
_seq = itertools.count(1)

Kind = Organisation.Kind
Cat = Organisation.Category


def org(name, parent=None, category=Cat.DEPARTMENT, kind=Kind.BRANCH):
    return Organisation.objects.create(name=name, parent=parent, kind=kind, category=category)


def user(username, role, organisation=None, **extra):
    extra.setdefault("full_name", username)
    u = User(username=username, role=role, organisation=organisation, **extra)
    u.set_password(PASSWORD)
    u.save()
    return u


def inspection(organisation, title=None, feedback=dt.date(2026, 6, 1)):
    return Inspection.objects.create(
        title=title or f"第{next(_seq)}轮巡察",
        group="市委第一巡察组",
        organisation=organisation,
        start=feedback - dt.timedelta(days=60),
        end=feedback - dt.timedelta(days=20),
        feedback_date=feedback,
        concentrated_until=feedback + dt.timedelta(days=90),
    )


def problem(insp, title="问题标题", aspect=None, code="", order=0):
    if aspect is None:
        aspect = insp.aspects.first() or Aspect.objects.create(
            inspection=insp, label="一、", title="方面一"
        )
    return Problem.objects.create(
        inspection=insp, aspect=aspect, title=title, code=code, order=order
    )


DUTY_LEADER = object()  # default: a leader of the inspected organisation, so the
# measure is fully assigned (交办) and shows a light rather than 待交办.


def duty_leader(organisation) -> User:
    """A leader kept only so that measures built by the tests are fully assigned."""
    found = User.objects.filter(username="duty_leader").first()
    return found or user("duty_leader", User.Role.LEADER, organisation, full_name="值班领导")


def measure(prob, lead_unit, leader=DUTY_LEADER, deadline=dt.date(2026, 12, 31), **extra):
    """A measure; pass ``leader=None`` (or no unit or deadline) for one still 待交办."""
    extra.setdefault("assigned_on", dt.date(2026, 6, 1))
    if leader is DUTY_LEADER:
        leader = duty_leader(prob.inspection.organisation)
    created = Measure.objects.create(
        problem=prob,
        text=extra.pop("text", "整改措施内容"),
        lead_unit=lead_unit,
        leader=leader,
        deadline=deadline,
        **extra,
    )
    mark_stale([prob.inspection_id])  # written past the actions: say so, as they would
    return created


def many_measures(insp, n, lead_units, leader=None, co_unit=None):
    """``n`` measures over ``n // 3`` problems, made with bulk inserts."""
    aspect = Aspect.objects.create(inspection=insp, label="一、", title="批量方面")
    problems = Problem.objects.bulk_create(
        Problem(inspection=insp, aspect=aspect, title=f"批量问题{i}", order=i)
        for i in range(max(1, n // 3))
    )
    measures = Measure.objects.bulk_create(
        Measure(
            problem=problems[i % len(problems)],
            text=f"批量措施{i}",
            lead_unit=lead_units[i % len(lead_units)],
            leader=leader,
            deadline=dt.date(2026, 6, 1) + dt.timedelta(days=i % 300),
            status=list(Measure.Status)[i % 4],
            assigned_on=dt.date(2026, 6, 1),
        )
        for i in range(n)
    )
    if co_unit is not None:
        through = Measure.co_units.through
        through.objects.bulk_create(
            through(measure_id=m.pk, organisation_id=co_unit.pk) for m in measures[::2]
        )
    mark_stale([insp.pk])  # written past the actions: say so, as they would
    analyze()
    return measures


def analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk insert. Rows made inside a
    test's transaction are invisible to autovacuum, so without this the planner keeps
    the estimates of empty tables and may choose nested loops that take minutes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
