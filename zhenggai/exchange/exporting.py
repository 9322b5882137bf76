"""Ledger exports: querysets turned into plain rows for :mod:`zhenggai.core.excel`.

The cost of an export is two queries per chunk of ``CHUNK`` measures (the
measures' values with their problem, leader and unit joined in, the latest
progress and evidence count as subqueries; then the chunk's co-units), never
one query per row, and no model instance per row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from itertools import islice

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhenggai.access import measures_for, problems_for
from zhenggai.core import excel
from zhenggai.core.lights import problem_status
from zhenggai.inspections.models import Inspection, Problem, public_only
from zhenggai.inspections.queries import aspect_chains
from zhenggai.ledger.models import Evidence, Measure, ProgressUpdate, rules_for
from zhenggai.orgs.models import Organisation

CHUNK = 2000
UNASSIGNED = "（未指定）"

LISTS = {
    "ledger": "整改台账",
    "problems": "问题清单",
    "measures": "任务清单",
    "responsibility": "责任清单",
}


def scoped_measures(user, inspection: Inspection, unit: Organisation | None = None) -> QuerySet:
    """The measures of ``inspection`` an export by ``user`` holds (all of them when
    ``user`` is None, as for the CLI), optionally only those of ``unit``'s subtree."""
    qs = Measure.objects.all() if user is None else measures_for(user)
    qs = qs.filter(problem__inspection=inspection)
    if unit is not None:
        sub = Organisation.objects.filter(unit.subtree_q())
        co = Measure.co_units.through.objects.filter(organisation__in=sub).values("measure_id")
        qs = qs.filter(Q(lead_unit__in=sub) | Q(pk__in=co))
    return qs


# What a ledger row reads, as plain values: model instances (and a prefetch of the
# co-units) cost 60% of a 100,000-row export.
ROW_FIELDS = (
    "pk",
    "problem_id",
    "problem__aspect_id",
    "problem__title",
    "problem__code",
    "label",
    "text",
    "kind",
    "leader__full_name",
    "leader__username",
    "lead_unit__short_name",
    "lead_unit__name",
    "deadline",
    "status",
    "light",
    "latest_progress",
    "latest_progress_on",
    "evidence_count",
    "group",
)
KINDS = dict(Measure.Kind.choices)
STATUSES = dict(Measure.Status.choices)


def _rows_queryset(qs: QuerySet, inspection: Inspection) -> QuerySet:
    latest = ProgressUpdate.objects.filter(measure=OuterRef("pk")).order_by("-date", "-id")
    files = (
        Evidence.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.with_light(timezone.localdate(), rules_for(inspection)).annotate(
        latest_progress=Subquery(latest.values("text")[:1]),
        latest_progress_on=Subquery(latest.values("date")[:1]),
        evidence_count=Coalesce(Subquery(files, output_field=IntegerField()), Value(0)),
    )


def _values(qs: QuerySet, *order: str) -> Iterator[tuple[tuple, str]]:
    """``(values of ROW_FIELDS, co-unit names)`` per measure, ``CHUNK`` at a time: one
    query for the rows of a chunk, one for its co-units."""
    rows = qs.order_by(*order).values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        co: dict[int, list[str]] = {}
        for measure_id, short, name in (
            Measure.co_units.through.objects.filter(measure_id__in=[r[0] for r in chunk])
            .order_by("organisation__path", "organisation__order", "organisation_id")
            .values_list("measure_id", "organisation__short_name", "organisation__name")
        ):
            co.setdefault(measure_id, []).append(short or name)
        for r in chunk:
            yield r, "、".join(co.get(r[0], ()))


def _aspect_name(chains, aspect_id) -> str:
    return " › ".join(f"{a.label}{a.title}" for a in chains.get(aspect_id, []))


def _row(values: tuple, co_units: str, names: dict, seq: str) -> excel.LedgerRow:
    (pk, problem, aspect, title, code, label, text, kind, full_name, username, short, name,
     deadline, status, light, progress, progress_on, files, group) = values  # fmt: skip
    progress = progress or ""
    if progress and progress_on:
        progress = f"{progress_on:%Y-%m-%d}：{progress}"
    if aspect not in names:
        names[aspect] = _aspect_name(names["chains"], aspect)
    return excel.LedgerRow(
        problem_key=str(problem),
        seq=seq,
        aspect=names[aspect],
        problem=title,
        problem_code=code,
        measure=excel.measure_cell(label, text),
        kind=KINDS.get(kind, kind),
        leader=full_name or username or "",
        lead_unit=short or name or "",
        co_units=co_units,
        deadline=deadline,
        progress=progress,
        status=STATUSES.get(status, status),
        evidence=f"{files} 个文件" if files else "",
        light=light,
        row_id=f"P{problem}-M{pk}",
        group=group,
    )


def ledger_rows(qs: QuerySet, inspection: Inspection) -> Iterator[excel.LedgerRow]:
    """Rows of the full ledger in problem order, streamed in chunks."""
    names: dict = {"chains": aspect_chains(inspection)}
    ordered = _values(_rows_queryset(qs, inspection), "problem__order", "problem_id", "order", "pk")
    seq, last = 0, None
    for values, co_units in ordered:
        if values[1] != last:
            seq, last = seq + 1, values[1]
        yield _row(values, co_units, names, str(seq))


def _grouped_rows(
    qs: QuerySet, inspection: Inspection, by: str
) -> Iterator[tuple[str, excel.LedgerRow]]:
    names: dict = {"chains": aspect_chains(inspection)}
    if by == "leader":
        order = ("leader__full_name", "leader_id", "problem__order", "order", "pk")
    else:
        order = ("lead_unit__path", "lead_unit_id", "problem__order", "order", "pk")
    for values, co_units in _values(_rows_queryset(qs, inspection), *order):
        row = _row(values, co_units, names, "")
        yield (row.leader if by == "leader" else row.lead_unit) or UNASSIGNED, row


def problem_rows(
    qs: QuerySet, inspection: Inspection, measures: QuerySet | None = None
) -> Iterator[excel.ProblemRow]:
    """The 问题清单 rows: problems with counts (one aggregate query).

    ``measures`` (the user's scoped measures) limits what is counted: a unit's export
    counts the measures it may see, not its problems' other units' measures."""
    chains = aspect_chains(inspection)
    seen = Q() if measures is None else Q(measures__in=measures.values("pk"))
    problems = (
        qs.filter(inspection=inspection)
        .annotate(
            n=Count("measures", filter=seen, distinct=True),
            closed=Count(
                "measures",
                filter=seen & Q(measures__status=Measure.Status.CLOSED),
                distinct=True,
            ),
            open_long=Count(
                "measures",
                filter=seen
                & Q(measures__kind=Measure.Kind.LONG_TERM)
                & ~Q(measures__status=Measure.Status.CLOSED),
                distinct=True,
            ),
        )
        .order_by("order", "pk")
    )
    for seq, p in enumerate(problems.iterator(chunk_size=CHUNK), start=1):
        pairs = (
            [(True, False)] * p.closed
            + [(False, True)] * p.open_long
            + [(False, False)] * (p.n - p.closed - p.open_long)
        )
        yield excel.ProblemRow(
            seq=str(seq),
            problem=p.title,
            aspect=_aspect_name(chains, p.aspect_id),
            code=p.code,
            measures=p.n,
            closed=p.closed,
            status=problem_status(pairs),
        )


def title_for(inspection: Inspection, which: str, unit: Organisation | None = None) -> str:
    scope = f"（{unit.display_name}）" if unit else ""
    return f"{inspection.title}{scope}{LISTS[which]}"


def filename_for(inspection: Inspection, which: str, unit: Organisation | None = None) -> str:
    scope = f"-{unit.display_name}" if unit else ""
    return f"{inspection.title}{scope}-{LISTS[which]}-{timezone.localdate():%Y%m%d}.xlsx"


def export_sheets(
    inspection: Inspection,
    which: str = "ledger",
    *,
    user=None,
    unit: Organisation | None = None,
    public: bool = False,
    summary: Sequence[tuple[str, object]] = (),
) -> list[excel.SheetSpec]:
    """The sheets of one export of ``inspection`` (rows read lazily, as they are written).

    ``user`` scopes it (None: everything, as for operators on the CLI); ``unit``
    narrows it to one organisation's subtree (a village's ledger); ``public``
    leaves out what is marked 不宜公开 (a notice's published attachments);
    ``summary`` (the oversight indicators, computed a layer above) becomes the
    ledger's 指标汇总 sheet.
    """
    if which not in LISTS:
        raise ValueError(f"unknown list {which!r}")
    measures = scoped_measures(user, inspection, unit)
    if public:
        measures = public_only(measures)
    title = title_for(inspection, which, unit)
    if which == "ledger":
        return excel.ledger_sheets(ledger_rows(measures, inspection), title=title, summary=summary)
    if which == "measures":
        return excel.measure_list_sheets(ledger_rows(measures, inspection), title=title)
    if which == "problems":
        problems = Problem.objects.all() if user is None else problems_for(user)
        if unit is not None or (user is not None and not sees_whole_ledger(user)):
            problems = problems.filter(pk__in=measures.values("problem_id"))
        return excel.problem_list_sheets(problem_rows(problems, inspection, measures), title=title)
    return excel.responsibility_list_sheets(
        _grouped_rows(measures, inspection, "leader"),
        _grouped_rows(measures, inspection, "unit"),
        title=title,
    )


def write_export(out, inspection: Inspection, which: str = "ledger", **scope) -> int:
    """Write one export (see ``export_sheets``) to ``out``, a path or a binary file."""
    return excel.save(export_sheets(inspection, which, **scope), out)


def sees_whole_ledger(user) -> bool:
    """Whether ``user``'s export holds the whole ledger (and so may carry its totals)."""
    from zhenggai.orgs.models import User

    return user.is_admin_role or user.role in (User.Role.OFFICE, User.Role.OVERSIGHT)


def export_unit_ledger(inspection: Inspection, unit: Organisation, public: bool = False) -> bytes:
    """The ledger of one sub-unit (a village under its town) as .xlsx bytes.

    The notice attaches one of these per sub-unit; measures the unit or any
    organisation under it leads or co-leads are included.
    """
    out = io.BytesIO()
    write_export(out, inspection, "ledger", unit=unit, public=public)
    return out.getvalue()
