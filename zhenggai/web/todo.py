"""What waits for each role (我的待办): counted in a fixed number of queries.

Each function returns :class:`Tile` rows for the home page; every tile links to
the list it counts, already filtered. The queries are aggregates (``Count`` with
``filter=``), so a home costs the same with 10 measures or 10,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from zhenggai.access import (
    can_manage,
    closures_waiting_for,
    inspections_for,
    measures_for,
    notice_imports_for,
    sees_whole_inspections,
)
from zhenggai.core.lights import Light
from zhenggai.exchange.models import LedgerImport
from zhenggai.inspections.models import NoticeImport
from zhenggai.ledger.models import ClosureRequest, Measure, Recheck, rules_by_inspection
from zhenggai.orgs.models import User
from zhenggai.oversight.indicators import LIGHT_KEYS, by_light, summed_counts
from zhenggai.publication.access import comments_for, notices_for
from zhenggai.publication.models import Notice, PublicComment

Stage = ClosureRequest.Stage
Role = User.Role
RECHECK_HORIZON = dt.timedelta(days=30)


@dataclass(frozen=True)
class Tile:
    """One count on a home page and the filtered list behind it."""

    label: str
    count: int
    url: str
    tone: str = ""  # a light's CSS class, or "" for a plain count
    hint: str = ""

    @property
    def urgent(self) -> bool:
        return self.count > 0 and self.tone in ("red", "act")


def _home(**params) -> str:
    return f"{reverse('home')}?{urlencode(params)}#rows"


def rules_for_user(user):
    """Each visible inspection's light thresholds, from its organisation's escalation
    policy (two queries), shared by the tiles and the table of one home page.

    :func:`inspections_for` holds the inspection of every measure the user sees; for an
    office it is read by organisation, not by a semi-join over the province's measures."""
    return rules_by_inspection(inspections_for(user).select_related("organisation"))


def light_counts(user, today: dt.date, rules=None) -> dict[str, int]:
    """Visible measures by state (红、黄、待交办、绿、已销号).

    A user who sees whole inspections (an office, the 巡察办, an administrator) gets the
    sum of each inspection's counts of the day (:mod:`zhenggai.oversight.snapshots`):
    a province office's home adds up stored rows instead of recounting a million
    measures. Others get one grouped query over their measures."""
    if sees_whole_inspections(user):
        return by_light(summed_counts(inspections_for(user), today, LIGHT_KEYS))
    rows = (
        measures_for(user)
        .with_light(today, rules if rules is not None else rules_for_user(user))
        .values("light")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys((light.value for light in Light), 0)
    counts.update({r["light"]: r["n"] for r in rows})
    return counts


def _light_tiles(counts: dict[str, int], *lights: Light) -> list[Tile]:
    return [
        Tile(light.label, counts[light.value], _home(light=light.value), light.value)
        for light in lights
    ]


def office_tiles(user, today: dt.date, counts) -> list[Tile]:
    """整改办: review, 待交办, red and yellow, overdue re-checks, opinions, drafts, imports."""
    review = closures_waiting_for(user).count()
    overdue = Recheck.objects.filter(
        measure__in=measures_for(user), result=Recheck.Result.PENDING, due__lt=today
    ).count()
    opinions = comments_for(user).aggregate(
        received=Count("pk", filter=Q(status=PublicComment.Status.RECEIVED)),
        drafted=Count("pk", filter=Q(status=PublicComment.Status.DRAFTED)),
    )
    drafts = notices_for(user).filter(status=Notice.Status.DRAFT).count()
    staged = (
        LedgerImport.objects.filter(
            inspection__in=inspections_for(user), status=LedgerImport.Status.STAGED
        ).count()
        + notice_imports_staged(user).count()
    )
    opinions_url = reverse("publication:opinion_tasks")
    return [
        Tile("销号待审核", review, reverse("ledger:closures"), "act"),
        *_light_tiles(counts, Light.UNASSIGNED, Light.RED, Light.YELLOW),
        Tile("回头看逾期", overdue, reverse("ledger:rechecks"), "red" if overdue else ""),
        Tile("意见待转办", opinions["received"], f"{opinions_url}?status=received", "act"),
        Tile("答复待审核", opinions["drafted"], f"{opinions_url}?status=drafted", "act"),
        Tile("通报草稿", drafts, reverse("publication:list")),
        Tile("待确认的导入", staged, "#imports"),
    ]


def notice_imports_staged(user):
    return notice_imports_for(user).filter(status=NoticeImport.Status.STAGED)


def returned_measures(user):
    """Open measures whose latest closure request was returned — first on a unit's home."""
    latest = ClosureRequest.objects.filter(measure=OuterRef("pk")).order_by("-submitted_at", "-pk")
    return (
        measures_for(user)
        .exclude(status=Measure.Status.CLOSED)
        .annotate(
            last_stage=Subquery(latest.values("stage")[:1]),
            return_reason=Subquery(latest.values("return_reason")[:1]),
        )
        .filter(last_stage=Stage.RETURNED)
    )


def unit_tiles(user, today: dt.date, counts, returned: int) -> list[Tile]:
    """责任单位: returned items, its measures by light, opinions routed to it, re-checks."""
    opinions = comments_for(user).filter(status=PublicComment.Status.ROUTED).count()
    rechecks = Recheck.objects.filter(
        measure__in=measures_for(user),
        result=Recheck.Result.PENDING,
        due__lte=today + RECHECK_HORIZON,
    ).count()
    return [
        Tile("被退回", returned, "#returned", "act"),
        *_light_tiles(counts, Light.RED, Light.YELLOW, Light.GREEN, Light.UNASSIGNED),
        Tile(
            "群众意见待办理",
            opinions,
            f"{reverse('publication:opinion_tasks')}?status=routed",
            "act",
        ),
        Tile("30天内回头看", rechecks, reverse("ledger:rechecks")),
        Tile("已销号", counts[Light.CLOSED.value], _home(status=Measure.Status.CLOSED), "closed"),
    ]


def notices_to_approve(user):
    """Notices waiting for this user as the secretary (书记) of the inspected organisation."""
    qs = notices_for(user).filter(status=Notice.Status.PENDING_APPROVAL)
    if user.is_admin_role:
        return qs
    return qs.filter(
        Q(inspection__organisation__head=user)
        | Q(inspection__organisation__head__isnull=True, inspection__organisation=user.organisation)
    )


def leader_tiles(user, today: dt.date, counts) -> list[Tile]:
    """责任领导: approvals waiting, his red and yellow, a notice to approve as secretary."""
    approvals = closures_waiting_for(user).count()
    notices = notices_to_approve(user).count()
    return [
        Tile("销号待审批", approvals, reverse("ledger:closures"), "act"),
        *_light_tiles(counts, Light.RED, Light.YELLOW, Light.GREEN),
        Tile("通报待审批", notices, reverse("publication:list"), "act"),
    ]


def tiles_for(user, today: dt.date, counts, *, returned: int = 0) -> list[Tile]:
    """The home tiles of ``user``'s role (the oversight office's home is its overview);
    ``counts`` are :func:`light_counts`."""
    if can_manage(user):
        return office_tiles(user, today, counts)
    if user.role == Role.LEADER:
        return leader_tiles(user, today, counts)
    return unit_tiles(user, today, counts, returned)
