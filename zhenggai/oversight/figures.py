"""Figures for the battle map and the dashboards, from aggregate queries only.

Each function issues a fixed number of queries whatever the number of measures:
grouped ``values().annotate()`` for the counts, one flat ``values_list`` for the
cells of the battle map.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.cache import caches
from django.db.models import Count, F, Max, Q

from zhenggai.core.indicators import summary
from zhenggai.core.lights import Light
from zhenggai.inspections.queries import aspect_chains
from zhenggai.ledger.models import Measure, rules_for
from zhenggai.lib.build import code_digest
from zhenggai.orgs.models import Organisation

from . import snapshots
from .indicators import inspection_indicators
from .models import LightChange

CLOSED = Light.CLOSED.value
# Every state a measure shows, most urgent first: 红灯, 黄灯, 待交办, 绿灯, 已销号.
STATES = [light.value for light in sorted(Light, key=lambda light: light.rank)]
STATE_LABELS = {light.value: light.label for light in Light}


def _unit_names(ids) -> dict[int | None, str]:
    names: dict[int | None, str] = {
        o.pk: o.display_name
        for o in Organisation.objects.filter(pk__in=[i for i in ids if i]).only(
            "name", "short_name"
        )
    }
    names[None] = "未指定牵头单位"
    return names


def _top_aspects(inspection) -> dict[int | None, tuple[int, str]]:
    """Aspect id → (order, title) of its top-level heading (one query)."""
    tops: dict[int | None, tuple[int, str]] = {None: (10**6, "未分方面")}
    for pk, chain in aspect_chains(inspection).items():
        top = chain[0]
        tops[pk] = (top.order, f"{top.label}{top.title}")
    return tops


def _week(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _red_trend(inspection) -> list[list]:
    """The number of red measures by day, from the lights the tick recorded: kept until
    the tick records more (under the latest record's id), not made again after every
    action as the rest of the dashboard is (over a province's million records, 125 ms)."""
    latest = LightChange.objects.aggregate(latest=Max("pk"))["latest"]
    key = f"red-trend:{code_digest()}:{inspection.pk}:{latest}"
    cache = caches["figures"]
    trend = cache.get(key)
    if trend is None:
        rows = (
            LightChange.objects.filter(measure__problem__inspection=inspection)
            .filter(Q(light=Light.RED.value) | Q(previous=Light.RED.value))
            .exclude(light=F("previous"))
            .values("date")
            .annotate(
                into=Count("pk", filter=Q(light=Light.RED.value)),
                out=Count("pk", filter=Q(previous=Light.RED.value)),
            )
            .order_by("date")
        )
        trend, red = [], 0
        for t in rows:
            red += t["into"] - t["out"]
            trend.append([t["date"].isoformat(), red])
        cache.set(key, trend, timeout=24 * 3600)
    return trend


def inspection_dashboard(inspection, today: dt.date) -> dict:
    """Every chart of the inspection dashboard: the day's stored figures while nothing in
    the inspection changed (:mod:`.snapshots`), else computed in a fixed number of
    queries and stored."""
    return snapshots.kept("dashboard", inspection, today, lambda: _dashboard(inspection, today))


def _dashboard(inspection, today: dt.date) -> dict:
    rules = rules_for(inspection)
    scoped = Measure.objects.filter(problem__inspection=inspection)
    grouped = list(
        scoped.with_sorting_light(today, rules)
        .values("lead_unit_id", "problem__aspect_id", "kind", "status", "light_rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = _unit_names({g["lead_unit_id"] for g in grouped})
    tops = _top_aspects(inspection)
    kinds = dict(Measure.Kind.choices)
    by_unit: dict = defaultdict(lambda: dict.fromkeys(STATES, 0))
    by_aspect: dict = defaultdict(lambda: dict.fromkeys(STATES, 0))
    by_kind: dict = defaultdict(lambda: dict.fromkeys(STATES, 0))
    total = 0
    for g in grouped:
        state = Light.of_rank(g["light_rank"]).value  # grouped by the rank, a number
        by_unit[names.get(g["lead_unit_id"], names[None])][state] += g["n"]
        by_aspect[tops.get(g["problem__aspect_id"], tops[None])][state] += g["n"]
        by_kind[kinds.get(g["kind"], g["kind"])][state] += g["n"]
        total += g["n"]

    def series(table, order=None):
        keys = order or sorted(table)
        return {"labels": list(keys), **{s: [table[k][s] for k in keys] for s in STATES}}

    unit_order = sorted(by_unit, key=lambda k: (-by_unit[k]["red"], k))
    aspect_keys = sorted(by_aspect)
    aspect_series = series(by_aspect, aspect_keys)
    aspect_series["labels"] = [k[1] for k in aspect_keys]

    closures = list(
        scoped.filter(status=Measure.Status.CLOSED, closed_on__isnull=False)
        .values("closed_on")
        .annotate(n=Count("pk"))
        .order_by("closed_on")
    )
    weekly: dict[dt.date, int] = defaultdict(int)
    for c in closures:
        weekly[_week(c["closed_on"])] += c["n"]
    completion, done = [], 0
    week_keys = []
    if weekly:
        w, last = min(weekly), _week(today)
        while w <= last:
            week_keys.append(w)
            w += dt.timedelta(days=7)
    for w in week_keys:
        done += weekly.get(w, 0)
        completion.append([w.isoformat(), round(100 * done / total, 1) if total else 0])

    trend = _red_trend(inspection)

    state_totals = {s: sum(v[s] for v in by_unit.values()) for s in STATES}
    return {
        "total": total,
        "states": state_totals,
        "indicators": summary(inspection_indicators(inspection, today)),
        "labels": STATE_LABELS,
        "by_unit": series(by_unit, unit_order),
        "by_aspect": aspect_series,
        "by_kind": series(by_kind),
        "completion": completion,
        "closures": [[w.isoformat(), weekly.get(w, 0)] for w in week_keys],
        "overdue_trend": trend,
    }
