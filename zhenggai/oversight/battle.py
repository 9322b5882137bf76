"""挂图作战, folded: one row per lead unit (or top-level aspect) with its counts per light,
its problem cards loaded on demand (``cards``), and a time axis of one bar per row.

The board costs a fixed number of grouped queries and weighs the same for 100 or
100,000 measures; a row's cards cost one query over that row's measures only.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.db.models import Count, Max, Min, Q

from zhenggai.inspections.queries import aspect_chains
from zhenggai.ledger.models import Measure, Milestone, rules_for

from . import snapshots
from .figures import CLOSED, STATES, _unit_names

NONE = "none"  # the row key of measures without a lead unit (or aspect)
CARDS_SHOWN = 1000  # cells of one row; the ledger's filters show the rest


def _open_with_deadline() -> Q:
    return ~Q(status=Measure.Status.CLOSED) & Q(judged_deadline__isnull=False)


def _tops(inspection) -> dict:
    """Aspect id → its top-level aspect (one query)."""
    return {pk: chain[0] for pk, chain in aspect_chains(inspection).items()}


def _fold(inspection, by: str):
    """(field, key_of, sort_of): the measure field a row groups by, the row key of a
    value of that field, and the (order, title) of a row key (one query)."""
    if by == "aspect":
        top_of = _tops(inspection)
        sorts = {top.pk: (top.order, f"{top.label}{top.title}") for top in top_of.values()}
        sorts[NONE] = (10**6, "未分方面")
        return "problem__aspect_id", lambda v: top_of[v].pk if v in top_of else NONE, sorts.get
    return "lead_unit_id", lambda v: v or NONE, None


def _grouped(inspection, today: dt.date, field: str) -> list[dict]:
    """The board's one grouped query — per ``field`` value and light: the count, the
    earliest assignment and latest deadline of the open measures."""
    return list(
        Measure.objects.filter(problem__inspection=inspection)
        .with_light(today, rules_for(inspection))
        .values(field, "light")
        .annotate(
            n=Count("pk"),
            start=Min("assigned_on", filter=_open_with_deadline()),
            end=Max("judged_deadline", filter=_open_with_deadline()),
            open=Count("pk", filter=_open_with_deadline()),
        )
        .order_by()
    )


def board(inspection, today: dt.date, by: str = "unit") -> dict:
    """Every row with its per-light counts, completion rate and folded bar, and the
    totals; ``fold`` is handed to ``gantt`` for the rows shown. The rows are kept for the
    day while nothing in the inspection changes (:mod:`.snapshots`): a 100,000-measure
    inspection's 5,000 unit rows are read back, not rebuilt."""
    field, key_of, sort_of = _fold(inspection, by)
    kept = snapshots.kept(
        f"board-{by}", inspection, today, lambda: _rows(inspection, today, field, key_of, sort_of)
    )
    for row in kept["rows"]:
        if row["bar"]:
            row["bar"]["start"] = _day(row["bar"]["start"])
            row["bar"]["end"] = _day(row["bar"]["end"])
    return {**kept, "fold": (field, key_of)}


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _rows(inspection, today: dt.date, field: str, key_of, sort_of) -> dict:
    """The board's rows and totals, ready to keep (dates as ISO text)."""
    grouped = _grouped(inspection, today, field)
    if sort_of is None:
        names = _unit_names({g[field] for g in grouped})

        def sort_of(k):
            return (1, names[None]) if k == NONE else (0, names.get(k, names[None]))

    rows: dict = {}
    counts = dict.fromkeys(STATES, 0)
    for g in grouped:
        key = key_of(g[field])
        row = rows.setdefault(
            key,
            {"key": key, "sort": sort_of(key), "counts": dict.fromkeys(STATES, 0), "bar": None},
        )
        row["counts"][g["light"]] += g["n"]
        counts[g["light"]] += g["n"]
        if g["open"]:
            bar = row["bar"] or {"start": g["start"], "end": g["end"], "state": g["light"], "n": 0}
            bar["start"] = (
                min(d for d in (bar["start"], g["start"]) if d) if g["start"] else bar["start"]
            )
            bar["end"] = max(bar["end"], g["end"])
            if STATES.index(g["light"]) < STATES.index(bar["state"]):
                bar["state"] = g["light"]
            bar["n"] += g["open"]
            row["bar"] = bar
    ordered = sorted(rows.values(), key=lambda r: r["sort"])
    for row in ordered:
        row["title"] = row["sort"][1]
        total = sum(row["counts"].values())
        row["rate"] = round(100 * row["counts"][CLOSED] / total) if total else 0
        if row["bar"]:
            row["bar"]["start"] = row["bar"]["start"] and row["bar"]["start"].isoformat()
            row["bar"]["end"] = row["bar"]["end"].isoformat()
    return {"rows": ordered, "counts": counts}


def gantt(inspection, today: dt.date, rows: list, fold) -> dict:
    """The time axis of ``rows``: one bar per row (earliest assignment to latest deadline
    of its open measures, in its worst light) and its open milestones folded per day."""
    field, key_of = fold
    index = {row["key"]: i for i, row in enumerate(rows)}
    bars = [
        [
            i,
            (row["bar"]["start"] or today).isoformat(),
            row["bar"]["end"].isoformat(),
            row["bar"]["state"],
            f"{row['title']}：{row['bar']['n']}项未销号措施",
        ]
        for i, row in enumerate(rows)
        if row["bar"]
    ]
    milestones: dict = {}
    for value, due, n, title in (
        Milestone.objects.filter(measure__problem__inspection=inspection, done_on__isnull=True)
        .exclude(measure__status=Measure.Status.CLOSED)
        .values_list(f"measure__{field}", "due")
        .annotate(n=Count("pk"), title=Min("title"))
        .order_by()
    ):
        at = (index.get(key_of(value)), due)
        if at[0] is None:
            continue
        seen = milestones.setdefault(at, [0, title])
        seen[0] += n
        seen[1] = min(seen[1], title)
    return {
        "rows": [row["title"] for row in rows],
        "bars": bars,
        "milestones": [
            [row, due.isoformat(), title[:40] if n == 1 else f"{title[:30]} 等{n}项"]
            for (row, due), (n, title) in sorted(milestones.items())
        ],
        "today": today.isoformat(),
    }


def cards(inspection, today: dt.date, by: str, key: str) -> dict:
    """The problem cards of one row: its problems, each with its measures' cells, most
    urgent light of the problem first shown by its colour."""
    measures = Measure.objects.filter(problem__inspection=inspection)
    if by == "aspect":
        aspects = [pk for pk, top in _tops(inspection).items() if str(top.pk) == key]
        measures = (
            measures.filter(problem__aspect__isnull=True)
            if key == NONE
            else measures.filter(problem__aspect_id__in=aspects)
        )
    else:
        measures = (
            measures.filter(lead_unit__isnull=True)
            if key == NONE
            else measures.filter(lead_unit_id=int(key))
        )
    rows = list(
        measures.with_light(today, rules_for(inspection))
        .values_list(
            "pk",
            "label",
            "text",
            "light",
            "judged_deadline",
            "problem_id",
            "problem__code",
            "problem__label",
            "problem__title",
        )
        .order_by("problem__order", "problem_id", "order", "pk")[: CARDS_SHOWN + 1]
    )
    problems: OrderedDict = OrderedDict()
    for pk, label, text, light, deadline, prob, code, plabel, ptitle in rows[:CARDS_SHOWN]:
        problem = problems.setdefault(
            prob, {"code": code or plabel, "title": ptitle, "measures": [], "worst": CLOSED}
        )
        problem["measures"].append(
            {"pk": pk, "title": f"{label}{text}"[:80], "state": light, "deadline": deadline}
        )
        if STATES.index(light) < STATES.index(problem["worst"]):
            problem["worst"] = light
    return {"problems": list(problems.values()), "more": len(rows) > CARDS_SHOWN}
