"""Inspection structure as actions: aspects and problems (each a ``do_*`` with an audit event)."""

from __future__ import annotations

from django.db import transaction

from zhenggai.audit.log import record
from zhenggai.lib.errors import WorkflowError

from .models import Aspect, Inspection, Problem


@transaction.atomic
def do_create_aspect(
    actor, inspection: Inspection, *, title: str, label: str = "", parent=None
) -> Aspect:
    order = inspection.aspects.filter(parent=parent).count()
    aspect = Aspect.objects.create(
        inspection=inspection, parent=parent, title=title, label=label, order=order
    )
    record(
        actor,
        "aspect.create",
        aspect,
        after={"title": title, "parent": getattr(parent, "pk", None)},
    )
    return aspect


@transaction.atomic
def do_create_problem(
    actor,
    inspection: Inspection,
    *,
    title: str,
    aspect: Aspect | None = None,
    code: str = "",
    label: str = "",
    detail: str = "",
    long_term: bool = False,
    carried_from: Problem | None = None,
    origin_text: str = "",
) -> Problem:
    order = (
        inspection.problems.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    problem = Problem.objects.create(
        inspection=inspection,
        aspect=aspect,
        title=title,
        code=code,
        label=label,
        detail=detail,
        long_term=long_term,
        carried_from=carried_from,
        origin_text=origin_text,
        order=order,
    )
    record(actor, "problem.create", problem, after=_problem_state(problem))
    return problem


def _problem_state(p: Problem) -> dict:
    return {
        "title": p.title,
        "code": p.code,
        "aspect": p.aspect_id,
        "detail": p.detail,
        "long_term": p.long_term,
        "carried_from": p.carried_from_id,
    }


PROBLEM_FIELDS = ("title", "code", "label", "aspect", "detail", "long_term", "carried_from")


@transaction.atomic
def do_update_problem(actor, problem: Problem, **changes) -> Problem:
    unknown = set(changes) - set(PROBLEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown problem fields: {sorted(unknown)}")
    carried = changes.get("carried_from")
    if carried is not None:
        _check_carry_over(problem, carried)
    before = _problem_state(problem)
    for name, value in changes.items():
        setattr(problem, name, value)
    problem.save(update_fields=list(changes))
    after = _problem_state(problem)
    if after != before:
        record(actor, "problem.update", problem, before=before, after=after)
    return problem


def _check_carry_over(problem: Problem, earlier: Problem) -> None:
    if earlier.inspection_id == problem.inspection_id:
        raise WorkflowError("只能承接以前巡察轮次的问题。")
    node, seen = earlier, {problem.pk}
    while node is not None:
        if node.pk in seen:
            raise WorkflowError("承接关系不能形成循环。")
        seen.add(node.pk)
        node = node.carried_from
