"""State changes of the 巡察办's desk, one ``do_*(actor, …)`` each, atomic and audited.

Audit codes: ``finding.explain`` (质量问题说明), ``spotcheck.draw`` (抽查抽样),
``spotcheck.result`` (抽查结果), ``selfcheck.issue`` (举一反三交办),
``problem.carry_over`` (承接前轮问题, via ``do_update_problem``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhenggai.audit.log import record
from zhenggai.core.sampling import draw, new_seed, sample_size
from zhenggai.inspections.actions import do_create_problem
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.actions import do_create_measure, do_record_recheck
from zhenggai.ledger.models import Measure, Recheck
from zhenggai.lib.errors import WorkflowError

from .clusters import SELF_CHECK_CODE
from .models import FindingNote, SelfCheckTask, SpotCheck, SpotCheckItem
from .quality import RULES


@transaction.atomic
def do_explain_finding(actor, inspection, *, rule: str, key: str, note: str) -> FindingNote:
    """The office explains a quality finding (e.g. evidence kept on paper)."""
    if rule not in RULES:
        raise WorkflowError("未知的检查规则。")
    if not note.strip():
        raise WorkflowError("请填写说明。")
    item, _ = FindingNote.objects.update_or_create(
        inspection=inspection, rule=rule, key=key, defaults={"note": note.strip(), "by": actor}
    )
    record(actor, "finding.explain", item, after={"rule": rule, "key": key}, note=note[:200])
    return item


@transaction.atomic
def do_draw_spot_check(actor, inspection, *, requested: str, seed: str = "") -> SpotCheck:
    """Draw a reproducible random sample of the inspection's closed measures."""
    population = sorted(
        Measure.objects.filter(
            problem__inspection=inspection, status=Measure.Status.CLOSED
        ).values_list("pk", flat=True)
    )
    if not population:
        raise WorkflowError("该巡察还没有已销号的措施，无法抽查。")
    try:
        size = sample_size(requested, len(population))
    except ValueError as exc:
        raise WorkflowError(str(exc)) from exc
    seed = seed or new_seed()
    sample = draw(population, size, seed)
    check = SpotCheck.objects.create(
        inspection=inspection,
        seed=seed,
        requested=requested.strip(),
        population=population,
        sample=sample,
        drawn_by=actor,
    )
    SpotCheckItem.objects.bulk_create(
        SpotCheckItem(spot_check=check, measure_id=pk) for pk in sample
    )
    record(
        actor,
        "spotcheck.draw",
        check,
        after={
            "seed": seed,
            "requested": check.requested,
            "population": len(population),
            "sample": sample,
        },
    )
    return check


@transaction.atomic
def do_record_spot_result(
    actor, item: SpotCheckItem, *, result: str, note: str, checked_on: dt.date
) -> SpotCheckItem:
    """Record one check; a failed check reopens the measure as a relapse found by a
    look-back (the same path and audit trail as 回头看)."""
    if item.result != SpotCheckItem.Result.PENDING:
        raise WorkflowError("该抽查事项已记录结果。")
    if result not in (SpotCheckItem.Result.PASSED, SpotCheckItem.Result.FAILED):
        raise WorkflowError("请选择核查结果。")
    if result == SpotCheckItem.Result.FAILED:
        if not note.strip():
            raise WorkflowError("核查不实时必须写明情况。")
        measure = Measure.objects.get(pk=item.measure_id)
        if measure.status != Measure.Status.CLOSED:
            raise WorkflowError("该措施已不是“已销号”状态，无需重新打开。")
        recheck = Recheck.objects.create(measure=measure, due=checked_on)
        do_record_recheck(
            actor,
            recheck,
            result=Recheck.Result.RELAPSED,
            note=f"抽查复核不实：{note.strip()}",
            checked_on=checked_on,
        )
        item.recheck = recheck
    item.result, item.note, item.checked_on, item.checked_by = result, note, checked_on, actor
    item.save(update_fields=["result", "note", "checked_on", "checked_by", "recheck"])
    record(
        actor,
        "spotcheck.result",
        item,
        measure=item.measure,
        after={"result": result},
        note=note[:200],
    )
    return item


def target_inspection(organisation) -> Inspection | None:
    """Where a self-check lands: the organisation's most recent inspection."""
    return (
        Inspection.objects.filter(organisation=organisation)
        .order_by("-feedback_date", "-pk")
        .first()
    )


@transaction.atomic
def do_issue_self_checks(
    actor,
    organisations,
    *,
    sources: list[Problem],
    title: str,
    measure_text: str,
    deadline: dt.date,
    words: str = "",
) -> list[SelfCheckTask]:
    """举一反三: put a self-check problem with one measure and a deadline into each
    chosen organisation's ledger."""
    if not organisations:
        raise WorkflowError("请选择要开展自查的组织。")
    tasks = []
    for org in organisations:
        inspection = target_inspection(org)
        if inspection is None:
            raise WorkflowError(f"{org.display_name}还没有巡察整改台账，无法交办。")
        problem = do_create_problem(
            actor,
            inspection,
            title=title,
            code=SELF_CHECK_CODE,
            detail="类似问题："
            + "；".join(f"{p.inspection.organisation.display_name}：{p.title}" for p in sources),
        )
        do_create_measure(
            actor,
            problem,
            text=measure_text,
            lead_unit=org,
            leader=org.head,
            deadline=deadline,
        )
        task = SelfCheckTask.objects.create(problem=problem, words=words[:200], issued_by=actor)
        task.sources.set(sources)
        record(
            actor,
            "selfcheck.issue",
            task,
            after={
                "organisation": org.pk,
                "problem": problem.pk,
                "sources": [p.pk for p in sources],
                "deadline": deadline.isoformat(),
            },
        )
        tasks.append(task)
    return tasks


@transaction.atomic
def do_carry_over_unfinished(actor, inspection, earlier, *, expected: int) -> list[Problem]:
    """Carry every unfinished problem of an earlier round into ``inspection`` in one
    step: each gets a new problem linked to it (承接). ``expected`` is the count the
    user confirmed; a different count (the ledger moved meanwhile) is refused."""
    from .recurrence import unfinished_problems

    if earlier.pk == inspection.pk:
        raise WorkflowError("只能承接以前巡察轮次的问题。")
    todo = list(unfinished_problems(earlier, exclude_carried_into=inspection))
    if len(todo) != expected:
        raise WorkflowError(
            f"未完成问题现为 {len(todo)} 个（确认时为 {expected} 个），请重新确认。"
        )
    made = []
    for old in todo:
        made.append(
            do_create_problem(
                actor,
                inspection,
                title=old.title,
                code=old.code,
                detail=old.detail,
                long_term=old.long_term,
                carried_from=old,
            )
        )
    return made
