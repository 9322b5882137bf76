"""A small ledger whose every indicator is known by hand (see test_indicators)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests import factories as f
from zhenggai.ledger.models import (
    Accountability,
    Evidence,
    Measure,
    ProgressUpdate,
    Recheck,
    Recovery,
    Regulation,
)
from zhenggai.oversight.models import SpotCheck, SpotCheckItem

TODAY = dt.date(2026, 10, 1)
S = Measure.Status


def evidence(measure, user, sha="a" * 64, name="会议纪要.pdf"):
    return Evidence.objects.create(
        measure=measure,
        file=f"evidence/{sha[:2]}/{sha}",
        original_name=name,
        content_type="application/pdf",
        sha256=sha,
        size=10,
        uploaded_by=user,
    )


def build(w, insp=None):
    """Seven measures on ``insp`` (default: the world's inspection) with known counts."""
    insp = insp or f.inspection(w.town, "青山镇第二轮巡察")
    p = f.problem(insp, "村级财务管理不规范", code="问题1")
    p2 = f.problem(insp, "干部作风不实")
    mk = lambda **kw: f.measure(p, w.agri, w.leader, **kw)  # noqa: E731
    m = {
        "on_time": mk(
            deadline=dt.date(2026, 9, 1), status=S.CLOSED, closed_on=dt.date(2026, 8, 20)
        ),
        "late": mk(deadline=dt.date(2026, 9, 1), status=S.CLOSED, closed_on=dt.date(2026, 9, 10)),
        "red10": mk(deadline=dt.date(2026, 9, 21), status=S.IN_PROGRESS),
        "red20": mk(deadline=dt.date(2026, 9, 11), status=S.IN_PROGRESS),
        "yellow": f.measure(p2, w.agri, deadline=dt.date(2026, 10, 5)),
        # 待交办: no responsible leader yet (its own state, never also yellow or green)
        "unassigned": f.measure(p2, w.agri, None, deadline=dt.date(2026, 12, 31)),
        "green": f.measure(
            p2,
            w.finance,
            w.leader,
            deadline=dt.date(2026, 12, 31),
            last_progress_on=dt.date(2026, 9, 25),
        ),
    }
    evidence(m["on_time"], w.office)
    ProgressUpdate.objects.create(measure=m["on_time"], date=dt.date(2026, 8, 1), text="已清理")
    for result in ("consolidated", "consolidated", "relapsed", "pending"):
        Recheck.objects.create(measure=m["on_time"], due=dt.date(2026, 9, 1), result=result)
    spot = SpotCheck.objects.create(
        inspection=insp, seed="s", requested="4", population=[], sample=[], drawn_by=w.oversight
    )
    reopened = Recheck.objects.create(measure=m["late"], due=TODAY, result="relapsed")
    for measure, result, recheck in (
        (m["on_time"], "passed", None),
        (m["late"], "failed", reopened),
        (m["red10"], "pending", None),
        (m["red20"], "pending", None),
    ):
        SpotCheckItem.objects.create(
            spot_check=spot, measure=measure, result=result, recheck=recheck
        )
    Regulation.objects.create(inspection=insp, title="《村级财务管理办法》")
    Regulation.objects.create(inspection=insp, title="《干部考勤制度》", kind="revised")
    Accountability.objects.create(inspection=insp, kind="talk", count=3)
    Accountability.objects.create(inspection=insp, kind="admonish", count=2)
    Recovery.objects.create(inspection=insp, kind="recovered", amount_wan_yuan=Decimal("1.5"))
    Recovery.objects.create(inspection=insp, kind="rent", amount_wan_yuan=Decimal("2.25"))
    return insp, m
