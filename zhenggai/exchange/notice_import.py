"""Turning a parsed notice (``zhenggai.core.notices``) into a ledger.

:func:`do_import_notice` creates the inspection (or uses a given one), the aspect
tree, the problems and their measures in one transaction through the ledger's
actions, so every row is audited and a failure leaves nothing behind. Importing
the same document again matches problems by the inspectors' code, else by title,
and measures by text, so nothing is duplicated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.core.text import fold as key
from zhenggai.core.workdays import add_months
from zhenggai.inspections import actions as inspection_actions
from zhenggai.inspections.models import Aspect, Inspection, NoticeImport, Problem
from zhenggai.inspections.queries import ProblemMatcher
from zhenggai.ledger import actions
from zhenggai.ledger.models import Measure
from zhenggai.lib.errors import WorkflowError


@dataclass
class ImportSummary:
    aspects_created: int = 0
    problems_created: int = 0
    problems_matched: int = 0
    measures_created: int = 0
    measures_matched: int = 0

    def message(self) -> str:
        return (
            f"新建问题方面 {self.aspects_created} 个，"
            f"新建问题 {self.problems_created} 个（已有 {self.problems_matched} 个未重复导入），"
            f"新建整改措施 {self.measures_created} 项"
            f"（已有 {self.measures_matched} 项未重复导入）。"
        )


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _create_inspection(actor, parsed: dict, organisation) -> Inspection:
    meta = parsed.get("inspection") or {}
    group = (meta.get("group") or "").strip() or "巡察组"
    kind = Inspection.Kind.XUNSHI if meta.get("kind") == "巡视" else Inspection.Kind.XUNCHA
    feedback = _date(meta.get("feedback"))
    start, end = _date(meta.get("start")), _date(meta.get("end"))
    if start and end and end < start:
        start, end = end, start
    inspection = Inspection.objects.create(
        title=(parsed.get("title") or f"{group}对{organisation}{kind.label}").strip()[:200],
        kind=kind,
        group=group[:100],
        organisation=organisation,
        start=start,
        end=end,
        feedback_date=feedback,
        # The concentrated period is usually three months after feedback.
        concentrated_until=add_months(feedback, 3) if feedback else None,
    )
    record(actor, "inspection.import", inspection, after={"title": inspection.title})
    return inspection


@transaction.atomic
def do_stage_notice_import(
    actor, *, organisation, inspection, filename: str, data: bytes, parsed: dict
) -> NoticeImport:
    """Keep an uploaded notice's parse for the office to check before it is imported."""
    staged = NoticeImport.objects.create(
        organisation=organisation,
        inspection=inspection,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        parsed=parsed,
        created_by=actor,
    )
    record(actor, "notice_import.stage", staged, after={"name": staged.filename, "size": len(data)})
    return staged


@transaction.atomic
def do_confirm_notice_import(actor, staged: NoticeImport, corrected: dict):
    """Import a staged notice with the office's corrections and mark it imported, in one
    transaction. Returns (inspection, summary); a second confirmation is refused."""
    locked = NoticeImport.objects.select_for_update().get(pk=staged.pk)
    if locked.status == NoticeImport.Status.IMPORTED:
        raise WorkflowError("该文件已经导入过，未重复导入。")
    inspection, summary = do_import_notice(
        actor, corrected, inspection=locked.inspection, organisation=locked.organisation
    )
    locked.inspection, locked.parsed, locked.status = (
        inspection,
        corrected,
        NoticeImport.Status.IMPORTED,
    )
    locked.summary = summary_dict(summary)
    locked.save(update_fields=["inspection", "parsed", "status", "summary"])
    return inspection, summary


@transaction.atomic
def do_import_notice(actor, parsed: dict, *, inspection=None, organisation=None):
    """Create or complete a ledger from a parsed notice. Returns (inspection, summary)."""
    if inspection is None:
        if organisation is None:
            raise ValueError("an organisation is needed to create the inspection")
        inspection = _create_inspection(actor, parsed, organisation)
    summary = ImportSummary()
    aspects = _import_aspects(actor, inspection, parsed.get("aspects") or [], summary)
    matcher = ProblemMatcher(inspection.problems.all())
    for item in parsed.get("problems") or []:
        title = (item.get("title") or "").strip()
        if not title:
            continue
        code = (item.get("code") or "").strip()
        problem = matcher.find(code, title)
        if problem is None:
            chain = tuple(key(a) for a in item.get("aspects") or [])
            problem = inspection_actions.do_create_problem(
                actor,
                inspection,
                title=title[:500],
                code=code[:20],
                label=(item.get("label") or "")[:20],
                long_term=bool(item.get("long_term")),
                aspect=_deepest(aspects, chain),
            )
            summary.problems_created += 1
            matcher.add(problem)
        else:
            summary.problems_matched += 1
        _import_measures(actor, problem, item.get("measures") or [], summary)
    return inspection, summary


def _deepest(aspects: dict, chain: tuple[str, ...]) -> Aspect | None:
    while chain:
        if chain in aspects:
            return aspects[chain]
        chain = chain[:-1]
    return None


def _import_aspects(actor, inspection, tree: list, summary) -> dict:
    """Aspects by their chain of title keys; existing headings are reused."""
    found: dict[tuple[str, ...], Aspect] = {}
    for aspect in inspection.aspects.order_by("pk"):
        chain, node = [], aspect
        while node is not None:
            chain.insert(0, key(node.title))
            node = node.parent
        found[tuple(chain)] = aspect

    def walk(nodes, parent, prefix):
        for node in nodes:
            title = (node.get("title") or "").strip()
            if not title:
                continue
            chain = (*prefix, key(title))
            if chain not in found:
                found[chain] = inspection_actions.do_create_aspect(
                    actor,
                    inspection,
                    title=title[:300],
                    label=(node.get("label") or "")[:20],
                    parent=parent,
                )
                summary.aspects_created += 1
            walk(node.get("children") or [], found[chain], chain)

    walk(tree, None, ())
    return found


def _import_measures(actor, problem: Problem, items: list, summary) -> None:
    # A multiset: a notice may repeat a sentence under one problem, and a re-import
    # must match each existing measure once.
    have = Counter(key(t) for t in problem.measures.values_list("text", flat=True))
    kind = Measure.Kind.LONG_TERM if problem.long_term else Measure.Kind.CONCENTRATED
    for item in items:
        text = (item.get("text") or "").strip()
        if not text:
            continue
        if have[key(text)] > 0:
            have[key(text)] -= 1
            summary.measures_matched += 1
            continue
        actions.do_create_measure(
            actor, problem, text=text, kind=kind, label=(item.get("label") or "")[:20]
        )
        summary.measures_created += 1


def summary_dict(summary: ImportSummary) -> dict:
    return {**asdict(summary), "at": timezone.now().isoformat()}
