"""Many organisations with many measures, made with bulk inserts (tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.factories import analyze
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure, Recheck, Recovery
from zhenggai.orgs.models import Organisation

S = Measure.Status


def build_scale(
    parent: Organisation, orgs: int, measures_per_org: int, leader=None, start: int = 0
):
    """``orgs`` towns under ``parent``, one inspection each, ``measures_per_org`` measures
    over a third as many problems, mixed statuses, closures over twelve months, a few
    look-backs and recoveries."""
    towns = Organisation.objects.bulk_create(
        Organisation(
            name=f"规模测试第{start + i}镇党委",
            kind=Organisation.Kind.COMMITTEE,
            category=Organisation.Category.REGION if i % 3 else Organisation.Category.DEPARTMENT,
            parent=parent,
        )
        for i in range(orgs)
    )
    for t in towns:
        t.path = f"{parent.path}{t.pk}/"
    Organisation.objects.bulk_update(towns, ["path"], batch_size=500)
    feedback = dt.date(2025, 6, 1)
    inspections = Inspection.objects.bulk_create(
        Inspection(
            title=f"规模测试巡察{i}",
            group="县委第一巡察组",
            round=f"第{1 + i % 3}轮",
            variant=Inspection.Variant.REGULAR if i % 4 else Inspection.Variant.VILLAGE,
            organisation=t,
            feedback_date=feedback + dt.timedelta(days=i % 200),
            concentrated_until=feedback + dt.timedelta(days=90 + i % 200),
        )
        for i, t in enumerate(towns)
    )
    per_problem = 3
    problems = Problem.objects.bulk_create(
        Problem(inspection=insp, title=f"问题{j}", order=j)
        for insp in inspections
        for j in range(max(1, measures_per_org // per_problem))
    )
    by_insp: dict[int, list[Problem]] = {}
    for p in problems:
        by_insp.setdefault(p.inspection_id, []).append(p)
    rows = []
    for k, insp in enumerate(inspections):
        mine = by_insp[insp.pk]
        for j in range(measures_per_org):
            status = list(S)[(j + k) % 4]
            deadline = feedback + dt.timedelta(days=(j * 7 + k) % 540)
            rows.append(
                Measure(
                    problem=mine[j % len(mine)],
                    text=f"措施{j}",
                    lead_unit=insp.organisation,
                    leader=leader,
                    deadline=deadline,
                    status=status,
                    closed_on=deadline - dt.timedelta(days=j % 20) if status == S.CLOSED else None,
                    assigned_on=feedback,
                )
            )
    measures = Measure.objects.bulk_create(rows, batch_size=2000)
    closed = [m for m in measures if m.status == S.CLOSED]
    Recheck.objects.bulk_create(
        Recheck(
            measure=m,
            due=m.closed_on + dt.timedelta(days=90),
            result=Recheck.Result.RELAPSED if i % 7 == 0 else Recheck.Result.CONSOLIDATED,
        )
        for i, m in enumerate(closed[::5])
    )
    Recovery.objects.bulk_create(
        Recovery(inspection=insp, kind="recovered", amount_wan_yuan=Decimal(i % 9 + 1))
        for i, insp in enumerate(inspections[::3])
    )
    analyze()
    return towns
