"""Ledger exports: querysets turned into plain rows for :mod:`zhenggai.core.excel`.

The cost of an export is a fixed handful of queries per chunk of
``CHUNK`` measures (the measures with their problem, aspect, leader and units
joined in; co-units prefetched per chunk; the latest progress and evidence
count as subqueries), never one query per row.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

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


def _rows_queryset(qs: QuerySet, inspection: Inspection) -> QuerySet:
    latest = ProgressUpdate.objects.filter(measure=OuterRef("pk")).order_by("-date", "-id")
    files = (
        Evidence.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.with_light(timezone.localdate(), rules_for(inspection))
        .select_related("problem", "leader", "lead_unit")
        .prefetch_related("co_units")
        .annotate(
            latest_progress=Subquery(latest.values("text")[:1]),
            latest_progress_on=Subquery(latest.values("date")[:1]),
            evidence_count=Coalesce(Subquery(files, output_field=IntegerField()), Value(0)),
        )
    )


def _aspect_name(chains, aspect_id) -> str:
    return " › ".join(f"{a.label}{a.title}" for a in chains.get(aspect_id, []))


def _row(m: Measure, chains, seq: str) -> excel.LedgerRow:
    p = m.problem
    progress = m.latest_progress or ""
    if progress and m.latest_progress_on:
        progress = f"{m.latest_progress_on:%Y-%m-%d}：{progress}"
    return excel.LedgerRow(
        problem_key=str(p.pk),
        seq=seq,
        aspect=_aspect_name(chains, p.aspect_id),
        problem=p.title,
        problem_code=p.code,
        measure=excel.measure_cell(m.label, m.text),
        kind=m.get_kind_display(),
        leader=m.leader.display_name if m.leader else "",
        lead_unit=m.lead_unit.display_name if m.lead_unit else "",
        co_units="、".join(u.display_name for u in m.co_units.all()),
        deadline=m.deadline,
        progress=progress,
        status=m.get_status_display(),
        evidence=f"{m.evidence_count} 个文件" if m.evidence_count else "",
        light=m.light,
        row_id=f"P{p.pk}-M{m.pk}",
        group=m.group,
    )


def ledger_rows(qs: QuerySet, inspection: Inspection) -> Iterator[excel.LedgerRow]:
    """Rows of the full ledger in problem order, streamed in chunks."""
    chains = aspect_chains(inspection)
    ordered = _rows_queryset(qs, inspection).order_by("problem__order", "problem_id", "order", "pk")
    seq, last = 0, None
    for m in ordered.iterator(chunk_size=CHUNK):
        if m.problem_id != last:
            seq, last = seq + 1, m.problem_id
        yield _row(m, chains, str(seq))


def _grouped_rows(
    qs: QuerySet, inspection: Inspection, by: str
) -> Iterator[tuple[str, excel.LedgerRow]]:
    chains = aspect_chains(inspection)
    if by == "leader":
        order = ("leader__full_name", "leader_id", "problem__order", "order", "pk")
    else:
        order = ("lead_unit__path", "lead_unit_id", "problem__order", "order", "pk")
    for m in _rows_queryset(qs, inspection).order_by(*order).iterator(chunk_size=CHUNK):
        row = _row(m, chains, "")
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


def write_export(
    out,
    inspection: Inspection,
    which: str = "ledger",
    *,
    user=None,
    unit: Organisation | None = None,
    public: bool = False,
    summary: Sequence[tuple[str, object]] = (),
) -> int:
    """Write one export of ``inspection`` to ``out`` (a path or a binary file).

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
        return excel.write_ledger(
            ledger_rows(measures, inspection), out, title=title, summary=summary
        )
    if which == "measures":
        return excel.write_measure_list(ledger_rows(measures, inspection), out, title=title)
    if which == "problems":
        problems = Problem.objects.all() if user is None else problems_for(user)
        if unit is not None or (user is not None and not sees_whole_ledger(user)):
            problems = problems.filter(pk__in=measures.values("problem_id"))
        return excel.write_problem_list(
            problem_rows(problems, inspection, measures), out, title=title
        )
    return excel.write_responsibility_list(
        _grouped_rows(measures, inspection, "leader"),
        _grouped_rows(measures, inspection, "unit"),
        out,
        title=title,
    )


def sees_whole_ledger(user) -> bool:
    """Whether ``user``'s export holds the whole ledger (and so may carry its totals)."""
    from zhenggai.orgs.models import User

    return user.is_admin_role or user.role in (User.Role.OFFICE, User.Role.OVERSIGHT)


def export_unit_ledger(inspection: Inspection, unit: Organisation, public: bool = False) -> bytes:
    """The ledger of one sub-unit (a village under its town) as .xlsx bytes.

    The notice attaches one of these per sub-unit; measures the unit or any
    organisation under it leads or co-leads are included.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        write_export(str(path), inspection, "ledger", unit=unit, public=public)
        return path.read_bytes()
