"""Inspection structure as actions: aspects and problems, withdrawing a mistaken
inspection, and the organisations a notice names (each a ``do_*`` with an audit event)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.lib.corrections import checked_correction
from zhenggai.lib.errors import WorkflowError
from zhenggai.orgs.models import Organisation

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


@transaction.atomic
def do_withdraw_inspection(actor, inspection: Inspection, *, reason: str) -> Inspection:
    """Withdraw an inspection entered by mistake (a wrong file, a second copy): it leaves
    every list, ranking and reminder, and nothing of it is deleted."""
    reason = reason.strip()
    if not reason:
        raise WorkflowError("请填写撤回原因。")
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.withdrawn_at is not None:
        raise WorkflowError("该巡察已经撤回。")
    locked.withdrawn_at, locked.withdrawn_by, locked.withdrawal_reason = (
        timezone.now(),
        actor,
        reason[:200],
    )
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        actor,
        "inspection.withdraw",
        locked,
        after={"withdrawn_at": locked.withdrawn_at.isoformat()},
        note=f"撤回巡察：{locked.withdrawal_reason}",
    )
    return locked


@transaction.atomic
def do_create_organisation(
    actor, *, name: str, parent: Organisation | None, kind: str, category: str
) -> Organisation:
    """Add an organisation a notice names under ``parent`` (a village under its town),
    once the office confirmed it in the import preview. An organisation of that name
    under that parent is returned, not doubled."""
    existing = Organisation.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.create(
        name=name, parent=parent, kind=kind, category=category
    )
    record(
        actor,
        "organisation.create",
        organisation,
        after={"name": name, "parent": getattr(parent, "pk", None), "kind": kind},
    )
    return organisation


# What of a problem may be corrected in place: its wording, never its place in the ledger.
CORRECTABLE_PROBLEM_TEXT = ("title", "detail")


@transaction.atomic
def do_correct_problem_text(
    actor, problem: Problem, *, field: str, text: str, reason: str
) -> Problem:
    """Correct a typo in a problem's title or description, with the reason on record."""
    if field not in CORRECTABLE_PROBLEM_TEXT:
        raise ValueError(f"Problem.{field} cannot be corrected")
    before = getattr(problem, field)
    text, reason = checked_correction(before, text, reason, may_be_empty=field == "detail")
    setattr(problem, field, text)
    problem.save(update_fields=[field])
    record(
        actor,
        "problem.correct",
        problem,
        before={field: before},
        after={field: text},
        note=f"更正：{reason}",
    )
    return problem
