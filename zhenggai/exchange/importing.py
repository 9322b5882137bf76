"""Ledger imports: a parsed file matched against the ledger, then applied in one transaction.

:func:`plan_import` reads the file (through :mod:`zhenggai.core.ledger_import`),
matches each problem (by the hidden 编号, then the inspectors' code, then the
title) and each measure (by 编号, then by its text under the problem) and lists
what would be created or changed. :func:`apply_import` re-plans from the stored
file and applies the plan through the ledger's workflow actions, so every
change is audited — all of it or, on any error, none of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhenggai.core import ledger_import as li
from zhenggai.core.excel import measure_cell, split_measure_cell
from zhenggai.inspections import actions as inspection_actions
from zhenggai.inspections.models import Aspect, Inspection, Problem
from zhenggai.inspections.queries import ProblemMatcher, aspect_chains
from zhenggai.ledger import actions
from zhenggai.ledger.models import Measure
from zhenggai.lib.uploads import expansion_limits
from zhenggai.orgs.models import Organisation, User

_ASPECT_LABEL = re.compile(
    r"^((?:[一二三四五六七八九十]+、)|(?:[（(][一二三四五六七八九十\d]+[)）])|(?:\d+[.、]))\s*(.+)$"
)


class ImportRefused(Exception):
    """The file has errors; ``errors`` lists them all and nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class MeasureOp:
    parsed: li.ParsedMeasure
    existing: Measure | None
    changes: dict = field(default_factory=dict)
    co_units: list[Organisation] | None = None


@dataclass
class ProblemOp:
    parsed: li.ParsedProblem
    existing: Problem | None
    aspect: Aspect | None
    new_aspect: str = ""
    changes: dict = field(default_factory=dict)
    measures: list[MeasureOp] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an import would do; ``errors`` non-empty means it must not be applied."""

    table: li.Table
    mapping: dict[str, int]
    errors: list[str]
    problems: list[ProblemOp] = field(default_factory=list)

    def _count(self, ops, pred) -> int:
        return sum(1 for op in ops if pred(op))

    @property
    def measure_ops(self) -> list[MeasureOp]:
        return [m for p in self.problems for m in p.measures]

    @property
    def counts(self) -> dict[str, int]:
        measures = self.measure_ops
        return {
            "aspects_new": len({p.new_aspect for p in self.problems if p.new_aspect}),
            "problems_new": self._count(self.problems, lambda p: p.existing is None),
            "problems_updated": self._count(
                self.problems, lambda p: p.existing is not None and p.changes
            ),
            "measures_new": self._count(measures, lambda m: m.existing is None),
            "measures_updated": self._count(
                measures, lambda m: m.existing is not None and (m.changes or m.co_units is not None)
            ),
            "measures_same": self._count(
                measures, lambda m: m.existing is not None and not m.changes and m.co_units is None
            ),
        }


def names_for(inspection: Inspection) -> tuple[li.Names, li.Names]:
    """Leaders and units a ledger of ``inspection`` may name.

    First those of the inspected organisation's subtree; then, at a lower
    priority, those of the level above (a village's measures are often answered
    for by town leaders and led by town departments).
    """
    root = inspection.organisation
    scope = root.parent.subtree_q() if root.parent_id else root.subtree_q()
    orgs = Organisation.objects.filter(scope).values_list("pk", "name", "short_name", "path")
    units = li.Names(
        "单位",
        (
            (pk, (name, short), 0 if path.startswith(root.path) else 1)
            for pk, name, short, path in orgs
        ),
    )
    user_scope = (
        root.parent.subtree_q("organisation__")
        if root.parent_id
        else root.subtree_q("organisation__")
    )
    users = User.objects.filter(user_scope, is_active=True).values_list(
        "pk", "full_name", "username", "organisation__path"
    )
    leaders = li.Names(
        "责任领导",
        (
            (pk, (full, username), 0 if path.startswith(root.path) else 1)
            for pk, full, username, path in users
        ),
    )
    return leaders, units


def read(data: bytes) -> li.Table:
    """The table of an uploaded file; :class:`~zhenggai.core.ledger_import.LedgerFileError`
    if it is not a readable ledger."""
    return li.read_table(data, limits=expansion_limits())


def plan_import(inspection: Inspection, table: li.Table, mapping: dict[str, int]) -> ImportPlan:
    leaders, units = names_for(inspection)
    result = li.parse_table(
        table,
        mapping,
        leaders=leaders,
        units=units,
        feedback=inspection.feedback_date,
        today=timezone.localdate(),
    )
    plan = ImportPlan(table=table, mapping=dict(mapping), errors=list(result.errors))
    if plan.errors:
        return plan
    problems = {p.pk: p for p in inspection.problems.all()}
    matcher = ProblemMatcher(problems.values())
    measures = {
        m.pk: m
        for m in Measure.objects.filter(problem__inspection=inspection).prefetch_related("co_units")
    }
    by_problem: dict[int, list[Measure]] = {}
    for m in measures.values():
        by_problem.setdefault(m.problem_id, []).append(m)
    chains = aspect_chains(inspection)
    aspects = _aspect_names(chains)
    where_id = table.column_label(mapping["row_id"]) if "row_id" in mapping else ""
    for parsed in result.problems:
        existing = None
        if parsed.problem_pk is not None:
            existing = problems.get(parsed.problem_pk)
            if existing is None:
                plan.errors.append(
                    f"第{parsed.row}行{where_id}：编号“P{parsed.problem_pk}”不属于本次巡察的台账，"
                    "请清空编号后作为新问题导入。"
                )
                continue
        else:
            existing = matcher.find(parsed.code, parsed.title)
        aspect, new_aspect = None, ""
        if parsed.aspect:
            aspect = aspects.get(_norm(parsed.aspect))
            if aspect is None:
                new_aspect = parsed.aspect
        op = ProblemOp(parsed=parsed, existing=existing, aspect=aspect, new_aspect=new_aspect)
        if existing is not None:
            if existing.title != parsed.title:
                op.changes["title"] = parsed.title
            if "code" in mapping and existing.code != parsed.code:
                op.changes["code"] = parsed.code
            if parsed.aspect and (new_aspect or existing.aspect_id != getattr(aspect, "pk", None)):
                op.changes["aspect"] = aspect
        siblings = by_problem.get(existing.pk, []) if existing else []
        for pm in parsed.measures:
            op.measures.append(
                _measure_op(plan, pm, existing, siblings, measures, mapping, where_id)
            )
        plan.problems.append(op)
    return plan


def _measure_op(plan, pm, problem, siblings, measures, mapping, where_id) -> MeasureOp:
    current = None
    if pm.measure_pk is not None:
        current = measures.get(pm.measure_pk)
        if current is None or problem is None or current.problem_id != problem.pk:
            plan.errors.append(
                f"第{pm.row}行{where_id}：编号“M{pm.measure_pk}”不是该问题下的整改措施，"
                "请清空编号后作为新措施导入。"
            )
            return MeasureOp(parsed=pm, existing=None)
    else:
        for m in siblings:
            cell = measure_cell(m.label, m.text)
            if pm.text in (m.text, cell) or split_measure_cell(pm.text, m.label)[1] == m.text:
                current = m
                break
    op = MeasureOp(parsed=pm, existing=current)
    if current is None:
        return op
    label, text = split_measure_cell(pm.text, current.label)
    if text != current.text:
        op.changes["text"] = text
    if label != current.label:
        op.changes["label"] = label
    if "group" in mapping and pm.group != current.group:
        op.changes["group"] = pm.group
    wanted = {
        "kind": ("kind", pm.kind),
        "leader": ("leader_id", pm.leader_id),
        "lead_unit": ("lead_unit_id", pm.lead_unit_id),
        "deadline": ("deadline", pm.deadline),
    }
    for column, (attr, value) in wanted.items():
        if column in mapping and getattr(current, attr) != value:
            op.changes[column] = value  # ids for leader/lead_unit, made objects when applied
    if "co_units" in mapping:
        have = sorted(u.pk for u in current.co_units.all())
        want = sorted(pk for pk in pm.co_unit_ids if pk != pm.lead_unit_id)
        if have != want:
            op.co_units = list(Organisation.objects.filter(pk__in=want))
    return op


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _aspect_names(chains: dict[int, list[Aspect]]) -> dict[str, Aspect]:
    """Every way an export or an office writes an aspect → the aspect."""
    names: dict[str, Aspect] = {}
    for chain in chains.values():
        aspect = chain[-1]
        full = " › ".join(f"{a.label}{a.title}" for a in chain)
        for name in (aspect.title, f"{aspect.label}{aspect.title}", full):
            names.setdefault(_norm(name), aspect)
    return names


def _split_label(text: str) -> tuple[str, str]:
    match = _ASPECT_LABEL.match(text)
    return (match.group(1), match.group(2)) if match else ("", text)


@transaction.atomic
def apply_plan(actor, inspection: Inspection, plan: ImportPlan) -> dict[str, int]:
    """Apply a plan without errors through the workflow actions; returns the counts."""
    if plan.errors:
        raise ImportRefused(plan.errors)
    counts = plan.counts
    new_aspects: dict[str, Aspect] = {}
    for op in plan.problems:
        aspect = op.aspect
        if op.new_aspect:
            aspect = new_aspects.get(op.new_aspect)
            if aspect is None:
                label, title = _split_label(op.new_aspect)
                aspect = inspection_actions.do_create_aspect(
                    actor, inspection, title=title, label=label
                )
                new_aspects[op.new_aspect] = aspect
            if "aspect" in op.changes:
                op.changes["aspect"] = aspect
        if op.existing is None:
            problem = inspection_actions.do_create_problem(
                actor, inspection, title=op.parsed.title, code=op.parsed.code, aspect=aspect
            )
        else:
            problem = op.existing
            if op.changes:
                problem = inspection_actions.do_update_problem(actor, problem, **op.changes)
        for mop in op.measures:
            _apply_measure(actor, problem, mop)
    return counts


def _apply_measure(actor, problem: Problem, mop: MeasureOp) -> None:
    pm = mop.parsed
    if mop.existing is None:
        units = {
            o.pk: o
            for o in Organisation.objects.filter(
                Q(pk__in=pm.co_unit_ids) | Q(pk=pm.lead_unit_id or 0)
            )
        }
        label, text = split_measure_cell(pm.text)
        actions.do_create_measure(
            actor,
            problem,
            label=label,
            text=text,
            kind=pm.kind,
            leader=User.objects.get(pk=pm.leader_id) if pm.leader_id else None,
            lead_unit=units.get(pm.lead_unit_id) if pm.lead_unit_id else None,
            co_units=[units[pk] for pk in pm.co_unit_ids if pk in units],
            deadline=pm.deadline,
            group=pm.group,
        )
        return
    if not mop.changes and mop.co_units is None:
        return
    changes = dict(mop.changes)
    if "leader" in changes:
        changes["leader"] = User.objects.filter(pk=changes["leader"]).first()
    if "lead_unit" in changes:
        changes["lead_unit"] = Organisation.objects.filter(pk=changes["lead_unit"]).first()
    measure = Measure.objects.get(pk=mop.existing.pk)
    actions.do_update_measure(actor, measure, measure.version, co_units=mop.co_units, **changes)


def run_import(actor, inspection: Inspection, data: bytes, mapping: dict[str, int] | None = None):
    """Read, plan and (when there are no errors) apply in one go; for the CLI and tests.

    Raises :class:`ImportRefused` with every error, having saved nothing.
    """
    table = read(data)
    plan = plan_import(inspection, table, mapping or li.guess_mapping(table.headers))
    return apply_plan(actor, inspection, plan)
