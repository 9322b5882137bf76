"""The oversight overview at city scale: filtered, sorted, paged rows of organisations.

Every row is an inspected organisation with the indicators of its inspections that
pass the filters (:mod:`zhenggai.oversight.indicators`). The whole table is computed
in a fixed number of grouped queries and sorted and paged in memory: 500 rows of
numbers are small, and the same rows feed the charts and the Excel export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import overload

from django import forms
from django.core.cache import caches
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from zhenggai.core.indicators import COLUMNS, STATUS_LABELS, Counts, Indicators
from zhenggai.inspections.models import Inspection
from zhenggai.lib.build import code_digest
from zhenggai.orgs.models import Organisation

from .indicators import counts_per, monthly_closures, overview_stamp

PAGE_SIZE = 50
TREND_MONTHS = 12
TOP_N = 15
SORTS = {"name": "被巡察党组织", "inspections": "巡察数"} | dict(COLUMNS)


class OverviewFilter(forms.Form):
    """The overview's filters; every field optional, all values validated."""

    year = forms.TypedChoiceField(label="反馈年度", required=False, coerce=int, empty_value=None)
    round = forms.ChoiceField(label="轮次", required=False)
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部"), *Inspection.Kind.choices]
    )
    variant = forms.ChoiceField(
        label="形式", required=False, choices=[("", "全部"), *Inspection.Variant.choices]
    )
    category = forms.ChoiceField(
        label="组织类别", required=False, choices=[("", "全部"), *Organisation.Category.choices]
    )
    status = forms.ChoiceField(
        label="整改状态", required=False, choices=[("", "全部"), *STATUS_LABELS.items()]
    )
    q = forms.CharField(label="名称", required=False, max_length=40)
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[("", "默认（完成率从高到低）"), *SORTS.items()]
    )
    desc = forms.BooleanField(label="从大到小", required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data, *, inspections):
        super().__init__(data)
        years = (
            inspections.filter(feedback_date__isnull=False)
            .annotate(y=ExtractYear("feedback_date"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in years]
        rounds = inspections.exclude(round="").values_list("round", flat=True).distinct()
        self.fields["round"].choices = [("", "全部")] + [(r, r) for r in sorted(rounds)]


@dataclass(frozen=True)
class OrgRef:
    """What an overview row shows of its organisation (a province has 5,000 of them: no
    model instances)."""

    pk: int
    name: str
    short_name: str

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class Row:
    organisation: OrgRef
    inspections: int
    indicators: Indicators
    trend: list[float]

    @cached_property
    def values(self) -> dict[str, object]:
        return {
            "name": self.organisation.display_name,
            "inspections": self.inspections,
            **self.indicators.as_dict(),
        }

    def value(self, key: str):
        return self.values[key]

    @property
    def cells(self) -> list:
        return self.indicators.cells()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.indicators.status]

    @property
    def sparkline(self) -> str:
        """SVG polyline points of the trend, 0–100 % on a 60×16 box."""
        if not self.trend:
            return ""
        step = 60 / max(1, len(self.trend) - 1)
        return " ".join(f"{i * step:.1f},{16 - 16 * v / 100:.1f}" for i, v in enumerate(self.trend))


def filtered_inspections(inspections, data: dict):
    """Apply the inspection-level filters (year, round, kind, variant, category, name)."""
    qs = inspections
    if data.get("year"):
        qs = qs.filter(feedback_date__year=data["year"])
    for field in ("round", "kind", "variant"):
        if data.get(field):
            qs = qs.filter(**{field: data[field]})
    if data.get("category"):
        qs = qs.filter(organisation__category=data["category"])
    if data.get("q"):
        qs = qs.filter(organisation__name__contains=data["q"])
    return qs


def overview_rows(inspections, data: dict, today: dt.date, viewer: int | None = None) -> Ranked:
    """Every organisation row for the filters, sorted (not yet paged), with the charts.

    With ``viewer`` (a user's id) the sorted rows are kept in the cache under that user,
    the filters and the stamp of the figures behind them (``indicators.overview_stamp``):
    any action in any of the inspections, one come or gone, or a renamed organisation
    changes the stamp, and the rows are made again (so does new code: the rows' shape is
    the code's). A province office's 5,000 rows are then read back instead of ranked
    anew on each page, and only the page's rows are unpacked."""
    chosen = filtered_inspections(inspections, data)
    if viewer is None or today != timezone.localdate():
        return Ranked.of(_rows(chosen, data, today))
    stamp = overview_stamp(chosen, today, TREND_MONTHS)
    shown = sorted((k, str(v)) for k, v in data.items() if k != "page" and v)
    parts = (code_digest(), viewer, today, shown, stamp)
    key = "overview:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    cache = caches["figures"]
    kept = cache.get(key)
    if kept is not None:
        return Ranked(*kept)
    ranked = Ranked.of(_rows(chosen, data, today))
    cache.set(key, (ranked.packed, ranked.charts), timeout=24 * 3600)
    return ranked


class Ranked(Sequence[Row]):
    """The ranked rows, kept packed as plain tuples: a row is unpacked when read (a page
    reads 50 of a province's 5,000), and the charts are made once with the ranking."""

    def __init__(self, packed: list[tuple], charts: dict):
        self.packed = packed
        self.charts = charts

    @classmethod
    def of(cls, rows: list[Row]) -> Ranked:
        return cls([_pack(r) for r in rows], top_bottom(rows))

    def __len__(self) -> int:
        return len(self.packed)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_unpack(p) for p in self.packed[index]]
        return _unpack(self.packed[index])


#: The counts' fields in order: a row's counts are packed flat (every count is a number;
#: ``dataclasses.astuple`` deep-copies each one, 150 ms over a province's 5,000 rows).
COUNT_FIELDS = tuple(f.name for f in fields(Counts))


def _pack(row: Row) -> tuple:
    org = row.organisation
    counts = row.indicators.counts
    return (
        org.pk,
        org.name,
        org.short_name,
        row.inspections,
        tuple(getattr(counts, name) for name in COUNT_FIELDS),
        row.trend,
    )


def _unpack(packed: tuple) -> Row:
    pk, name, short_name, inspections, counts, trend = packed
    return Row(
        organisation=OrgRef(pk, name, short_name),
        inspections=inspections,
        indicators=Indicators(Counts(*counts)),
        trend=trend,
    )


def _rows(chosen, data: dict, today: dt.date) -> list[Row]:
    # Added up per organisation by the database from each inspection's kept figures: a
    # province's 10,000 inspections are never read into Python.
    counts = counts_per(chosen, today)
    totals = {key: c.measures for key, c in counts.items()}
    trends = monthly_closures(chosen, TREND_MONTHS, today, totals)
    per_org = dict(
        chosen.order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    organisations = {
        pk: OrgRef(pk, name, short_name)
        for pk, name, short_name in Organisation.objects.filter(pk__in=list(per_org)).values_list(
            "pk", "name", "short_name"
        )
    }
    rows = [
        Row(
            organisation=organisations[org_id],
            inspections=n,
            indicators=Indicators(counts.get(org_id) or Counts()),
            trend=trends.get(org_id, []),
        )
        for org_id, n in per_org.items()
    ]
    if data.get("status"):
        rows = [r for r in rows if r.indicators.status == data["status"]]
    key, desc = sort_of(data)
    return sort_rows(rows, key, desc)


def sort_of(data: dict) -> tuple[str, bool]:
    """The sort column and direction; by default the ranking (completion rate, high first)."""
    if not data.get("sort"):
        return "completion_rate", True
    return data["sort"], bool(data.get("desc"))


def sort_rows(rows: list[Row], key: str, desc: bool) -> list[Row]:
    """Sort by ``key`` (ties: fewer overdue first, then the name); rows without a value
    (a rate of “—”) always go last."""
    present = [r for r in rows if r.value(key) is not None]
    missing = [r for r in rows if r.value(key) is None]
    present.sort(
        key=lambda r: (r.value(key), -r.indicators.counts.overdue, r.organisation.display_name),
        reverse=desc,
    )
    missing.sort(key=lambda r: r.organisation.display_name)
    return present + missing


def top_bottom(rows: list[Row], n: int = TOP_N) -> dict:
    """Chart data: the ``n`` best and worst completion rates (horizontal bars); with
    ``2n`` rows or fewer, one chart of them all (``bottom`` is then empty)."""
    rated = [r for r in rows if r.indicators.completion_rate is not None]
    rated.sort(key=lambda r: (-(r.indicators.completion_rate or 0), r.indicators.counts.overdue))

    def series(part):
        return {
            "labels": [r.organisation.display_name for r in part],
            "rate": [r.indicators.completion_rate for r in part],
            "overdue": [r.indicators.counts.overdue for r in part],
            "height": 60 + 28 * len(part),
        }

    if len(rated) <= 2 * n:
        return {"top": series(rated), "bottom": series([])}
    return {"top": series(rated[:n]), "bottom": series(list(reversed(rated[-n:])))}


def export_rows(rows: list[Row]):
    """Header and rows of the Excel export: the table as shown, every row."""
    header = ["排名", "被巡察党组织", "巡察数", *(label for _, label in COLUMNS), "状态"]
    body = (
        [
            rank,
            r.organisation.name,
            r.inspections,
            *r.cells,
            STATUS_LABELS[r.indicators.status],
        ]
        for rank, r in enumerate(rows, 1)
    )
    return header, body
