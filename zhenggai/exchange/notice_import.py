"""Turning a parsed notice (``zhenggai.core.notices``) into a ledger.

:func:`do_import_notice` creates the inspected organisations the office confirmed, the
inspection (or uses a given one) with its targets, the aspect tree, the problems and
their measures — with the lead units, deadlines and progress the notice prints — in one
transaction through the actions, so every row is audited and a failure leaves nothing
behind. Importing the same document again matches problems by the inspectors' code,
else by title, and measures by text, so nothing is duplicated; :func:`earlier_import`
finds the import a file repeats, so the office can update that inspection instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.core import limits
from zhenggai.core.text import fold as key
from zhenggai.core.workdays import add_months
from zhenggai.inspections import actions as inspection_actions
from zhenggai.inspections.models import Aspect, Inspection, NoticeImport, Problem
from zhenggai.inspections.queries import ProblemMatcher
from zhenggai.inspections.targets import Target, place_key
from zhenggai.ledger import actions
from zhenggai.ledger.models import Measure
from zhenggai.lib.errors import WorkflowError
from zhenggai.orgs.models import Organisation

from .importing import names_for
from .notice_facts import measure_facts

NOTHING_FOUND = (
    "文件中没有识别出任何问题，未导入任何内容：请确认这是巡察反馈意见或整改进展情况的通报，"
    "问题带有编号（如“1.”“（一）”“问题一：”）或列在表格中。"
)


@dataclass
class ImportSummary:
    aspects_created: int = 0
    problems_created: int = 0
    problems_matched: int = 0
    measures_created: int = 0
    measures_matched: int = 0
    organisations_created: list[str] = field(default_factory=list)
    progress_posted: int = 0
    units_unresolved: list[str] = field(default_factory=list)

    def message(self) -> str:
        text = (
            f"新建问题方面 {self.aspects_created} 个，"
            f"新建问题 {self.problems_created} 个（已有 {self.problems_matched} 个未重复导入），"
            f"新建整改措施 {self.measures_created} 项"
            f"（已有 {self.measures_matched} 项未重复导入）。"
        )
        if self.organisations_created:
            text += f"新建组织：{'、'.join(self.organisations_created)}。"
        if self.progress_posted:
            text += f"按通报记录整改进展 {self.progress_posted} 条。"
        if self.units_unresolved:
            text += (
                f"以下责任单位在系统中没有找到，相关措施未指定责任单位，请在台账中补充："
                f"{'、'.join(self.units_unresolved)}。"
            )
        return text


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _create_inspection(actor, parsed: dict, organisation, variant: str | None) -> Inspection:
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
        variant=variant or Inspection.Variant.REGULAR,
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
    """Keep an uploaded notice's parse for the office to check before it is imported.

    A file in which no problem was found is refused (:class:`WorkflowError`): nothing is
    kept, and the office is told why.
    """
    if not parsed.get("problems"):
        raise WorkflowError(NOTHING_FOUND)
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


class ImportTooLong(WorkflowError):
    """Some texts exceed their column; ``errors`` lists them, nothing was imported."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def length_errors(parsed: dict) -> list[str]:
    """Texts of a parsed (and corrected) notice too long for the ledger, in Chinese."""
    errors = []

    def check(what: str, text, limit: int) -> None:
        error = limits.too_long(what, (text or "").strip(), limit)
        if error:
            errors.append(error)

    check("巡察标题", parsed.get("title"), limits.INSPECTION_TITLE)
    check("巡察组", (parsed.get("inspection") or {}).get("group"), limits.GROUP)

    def walk(nodes) -> None:
        for node in nodes:
            check(
                f"方面“{(node.get('title') or '')[:12]}…”", node.get("title"), limits.ASPECT_TITLE
            )
            walk(node.get("children") or [])

    walk(parsed.get("aspects") or [])
    for number, item in enumerate(parsed.get("problems") or [], start=1):
        check(f"第{number}个问题的标题", item.get("title"), limits.PROBLEM_TITLE)
        check(f"第{number}个问题的编号", item.get("code"), limits.CODE)
    return errors


@transaction.atomic
def do_confirm_notice_import(
    actor,
    staged: NoticeImport,
    corrected: dict,
    *,
    inspection: Inspection | None = None,
    organisation: Organisation | Target | None = None,
    targets: Sequence[Target] = (),
    variant: str | None = None,
):
    """Import a staged notice with the office's corrections and choices (the inspection to
    update, or the inspected organisation, targets and form of a new one; see
    :class:`~zhenggai.exchange.notice_choice.ImportChoice`) and mark it imported, in one
    transaction. Returns (inspection, summary); a second confirmation is refused."""
    locked = NoticeImport.objects.select_for_update().get(pk=staged.pk)
    if locked.status == NoticeImport.Status.IMPORTED:
        raise WorkflowError("该文件已经导入过，未重复导入。")
    if not corrected.get("problems"):
        raise WorkflowError("没有要导入的问题：所有问题都标记为“不导入”，未创建任何内容。")
    errors = length_errors(corrected)
    if errors:
        raise ImportTooLong(errors)
    inspection, summary = do_import_notice(
        actor,
        corrected,
        inspection=inspection or locked.inspection,
        organisation=organisation,
        targets=targets,
        variant=variant,
    )
    locked.inspection, locked.parsed, locked.status = (
        inspection,
        corrected,
        NoticeImport.Status.IMPORTED,
    )
    locked.summary = summary_dict(summary)
    locked.save(update_fields=["inspection", "parsed", "status", "summary"])
    return inspection, summary


def _confirm_targets(actor, targets: Sequence[Target], summary: ImportSummary) -> list:
    """The organisations of ``targets``, creating the proposed ones (confirmed by the
    office in the preview) under their parents."""
    organisations = []
    for target in targets:
        if target.organisation is None:
            target.organisation = inspection_actions.do_create_organisation(
                actor,
                name=target.name[:120],
                parent=target.parent,
                kind=target.kind or "committee",
                category=target.category or "department",
            )
            summary.organisations_created.append(target.name)
        organisations.append(target.organisation)
    return organisations


@transaction.atomic
def do_import_notice(
    actor,
    parsed: dict,
    *,
    inspection=None,
    organisation=None,
    targets: Sequence[Target] = (),
    variant: str | None = None,
):
    """Create or complete a ledger from a parsed notice. Returns (inspection, summary).

    ``organisation`` is the inspected organisation of a new inspection: an
    :class:`~zhenggai.orgs.models.Organisation`, or one of ``targets`` still to be
    created. ``targets`` are the organisations the notice names, as the office
    confirmed them (:func:`~zhenggai.inspections.targets.plan_targets`).
    """
    summary = ImportSummary()
    covered = _confirm_targets(actor, targets, summary)
    if isinstance(organisation, Target):
        organisation = organisation.organisation
    if inspection is None:
        if organisation is None:
            raise ValueError("an organisation is needed to create the inspection")
        inspection = _create_inspection(actor, parsed, organisation, variant)
    if covered:
        inspection.targets.add(*covered)
    villages = {place_key(t.name): t.organisation for t in targets if t.village}
    context = _MeasureContext(
        units=names_for(inspection)[1],
        feedback=inspection.feedback_date,
        today=timezone.localdate(),
        progress_on=_progress_date(parsed),
        villages=villages,
    )
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
        _import_measures(actor, problem, item, context, summary)
    return inspection, summary


@dataclass
class _MeasureContext:
    """What every measure of one import is read against."""

    units: object  # core.ledger_import.Names of the inspection's units
    feedback: dt.date | None
    today: dt.date  # with ``feedback``, the base of "N个工作日" (core.workdays)
    progress_on: dt.date
    villages: dict = field(default_factory=dict)  # place key → village organisation
    _organisations: dict = field(default_factory=dict)

    def organisations(self, ids: list[int]) -> list:
        """The organisations of ``ids`` (resolved unit names), each loaded once."""
        missing = [pk for pk in ids if pk not in self._organisations]
        if missing:
            self._organisations.update(Organisation.objects.in_bulk(missing))
        return [self._organisations[pk] for pk in ids if pk in self._organisations]

    def village_of(self, item: dict):
        """The village a problem is filed under (its aspects or title name one), if any."""
        for text in [*(item.get("aspects") or []), item.get("title") or ""]:
            for place, village in self.villages.items():
                if place and place in text:
                    return village
        return None


def _progress_date(parsed: dict) -> dt.date:
    """Progress printed in a notice is dated the notice's date (never after today)."""
    today = timezone.localdate()
    published = _date(parsed.get("published"))
    return min(published, today) if published else today


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


def _import_measures(
    actor, problem: Problem, parsed: dict, context: _MeasureContext, summary: ImportSummary
) -> None:
    # A multiset of (sub-heading, text): a notice may repeat a sentence under one
    # problem, even under one sub-heading, and a re-import must match each existing
    # measure once.
    have = Counter(
        (key(group), key(text)) for group, text in problem.measures.values_list("group", "text")
    )
    village = context.village_of(parsed)
    for item in parsed.get("measures") or []:
        text = (item.get("text") or "").strip()
        if not text:
            continue
        group = (item.get("group") or "").strip()[: limits.MEASURE_GROUP]
        if have[key(group), key(text)] > 0:
            have[key(group), key(text)] -= 1
            summary.measures_matched += 1
            continue
        facts = measure_facts(item, parsed, context.units, context.feedback, context.today)
        for name in facts.unresolved:
            if name not in summary.units_unresolved:
                summary.units_unresolved.append(name)
        lead = context.organisations([facts.lead_unit_id] if facts.lead_unit_id else [])
        measure = actions.do_create_measure(
            actor,
            problem,
            text=text,
            kind=Measure.Kind.LONG_TERM if problem.long_term else facts.kind,
            label=(item.get("label") or "")[:20],
            group=group,
            lead_unit=lead[0] if lead else village,
            co_units=context.organisations(facts.co_unit_ids),
            deadline=facts.deadline,
        )
        summary.measures_created += 1
        if facts.progress:
            actions.do_post_progress(actor, measure, date=context.progress_on, text=facts.progress)
            summary.progress_posted += 1


def summary_dict(summary: ImportSummary) -> dict:
    return {**asdict(summary), "at": timezone.now().isoformat()}


def earlier_import(staged: NoticeImport) -> NoticeImport | None:
    """The import of the same notice this office already made: the same file (SHA-256),
    or the same title and issuer; never one whose inspection was withdrawn."""
    imported = (
        NoticeImport.objects.filter(
            status=NoticeImport.Status.IMPORTED,
            organisation__path__startswith=staged.organisation.path,
            inspection__withdrawn_at__isnull=True,
        )
        .exclude(pk=staged.pk)
        .select_related("inspection")
        .order_by("-created_at")
    )
    same_file = imported.filter(sha256=staged.sha256).first()
    if same_file is not None:
        return same_file
    title, issuer = staged.parsed.get("title"), staged.parsed.get("issuer")
    if not title:
        return None
    return imported.filter(parsed__title=title, parsed__issuer=issuer).first()
