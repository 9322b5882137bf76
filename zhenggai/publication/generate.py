"""Collecting an inspection's ledger into the plain data the notice is built from.

The assembly itself lives in :mod:`zhenggai.core.notice_render` (no Django);
this module only reads models, in a fixed number of queries, and maps them
onto the core's dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from zhenggai.core import notice_render as nr
from zhenggai.core.notices.labels import strip_label
from zhenggai.inspections.models import Aspect, Inspection, Problem, public_only, public_q
from zhenggai.ledger.models import (
    Accountability,
    Measure,
    Milestone,
    ProgressUpdate,
    Recovery,
    Regulation,
)
from zhenggai.ledger.queries import register_totals
from zhenggai.lib.downloads import document_filename
from zhenggai.orgs.models import Organisation
from zhenggai.oversight.indicators import inspection_indicators
from zhenggai.oversight.models import Supervision

from .models import ContactDetails, Notice

# A draft's disclosure window: from its (planned) publication date, two weeks.
DISCLOSURE_DAYS = 14


def ledger_attachments(inspection: Inspection) -> list[tuple[str, Organisation]]:
    """HOOK for the Excel export: one ledger attachment per sub-unit, in order.

    Returns ``[(attachment title, organisation)]`` for every target of the round
    other than the inspected organisation itself (a town's villages). The lead
    wires each pair to the per-unit Excel export (``export-ledger`` filtered to
    ``organisation``); the notice prints the titles under 附件.
    """
    kind = inspection.get_kind_display()
    units = (
        inspection.targets.exclude(pk=inspection.organisation_id)
        .filter(path__startswith=inspection.organisation.path)
        .order_by("path", "order", "id")
    )
    return [(f"{unit.name}{kind}整改进展情况台账", unit) for unit in units]


def inspection_facts(inspection: Inspection) -> nr.InspectionFacts:
    org = inspection.organisation
    return nr.InspectionFacts(
        kind=inspection.get_kind_display(),
        group=inspection.group,
        target=org.short_name or org.name,
        issuer=org.name,
        start=inspection.start,
        end=inspection.end,
        feedback=inspection.feedback_date,
        variant=inspection.get_variant_display(),
    )


def ledger_day(date: dt.date | None) -> dt.date:
    """The day a document's indicators are counted on: its date, or today when that is
    later (a draft dated ahead counts the ledger as it stands)."""
    today = timezone.localdate()
    return min(date or today, today)


def registers(
    inspection: Inspection,
    public: bool = False,
    note_withheld: bool = False,
    date: dt.date | None = None,
) -> nr.Registers:
    """The counts of part 一, from the registers (eight aggregate queries; the
    totals through :func:`zhenggai.ledger.queries.register_totals`). ``public``
    leaves out the entries marked 不宜公开, so the public counts add up to what it
    prints; with ``note_withheld`` the problem and measure totals count everything
    and say how many of them it leaves out (其中X项不宜公开), which adds up too.
    The completion and on-time rates are the oversight indicators' (as of ``date`` when
    that is past)."""

    def scope(qs):
        return public_only(qs) if public else qs

    entries = scope  # objects: a withdrawn register entry counts nowhere

    sup = Supervision.objects.filter(inspection=inspection).aggregate(
        meetings=Count("pk", filter=Q(kind=Supervision.Kind.MEETING)),
        others=Count("pk", filter=~Q(kind=Supervision.Kind.MEETING)),
    )
    titles = list(
        entries(Regulation.objects.filter(inspection=inspection))
        .order_by("issued_on", "id")
        .values_list("title", flat=True)
    )
    acc_labels = dict(Accountability.Kind.choices)
    acc = (
        entries(Accountability.objects.filter(inspection=inspection))
        .values("kind")
        .annotate(n=Sum("count"))
        .order_by("kind")
    )
    rec_labels = dict(Recovery.Kind.choices)
    rec = (
        entries(Recovery.objects.filter(inspection=inspection))
        .values("kind")
        .annotate(total=Sum("amount_wan_yuan"))
        .order_by("kind")
    )
    note_withheld = public and note_withheld
    shown = public_q(Measure)
    closed = Q(status=Measure.Status.CLOSED)
    counts = Measure.objects.filter(problem__inspection=inspection).aggregate(
        all=Count("pk"),
        shown=Count("pk", filter=shown),
        closed_all=Count("pk", filter=closed),
        closed_shown=Count("pk", filter=closed & shown),
    )
    problems = Problem.objects.filter(inspection=inspection).aggregate(
        all=Count("pk"), shown=Count("pk", filter=public_q(Problem))
    )
    # The totals printed: what a 社会通报 lists, unless it says how much it leaves out.
    whole = "shown" if public and not note_withheld else "all"
    # Keep the order of the choices (约谈 before 诫勉 …), not the alphabet of the keys.
    acc_order = list(acc_labels)
    rec_order = list(rec_labels)
    totals = register_totals(inspection, public=public)
    rates = inspection_indicators(inspection, ledger_day(date), public=public)
    return nr.Registers(
        meetings=sup["meetings"],
        supervisions=sup["others"],
        regulations_new=totals["regulations_new"],
        regulations_revised=totals["regulations_revised"],
        regulation_titles=titles,
        accountability=[
            (acc_labels[r["kind"]], int(r["n"] or 0))
            for r in sorted(acc, key=lambda r: acc_order.index(r["kind"]))
        ],
        recoveries=[
            (rec_labels[r["kind"]], Decimal(r["total"] or 0))
            for r in sorted(rec, key=lambda r: rec_order.index(r["kind"]))
        ],
        measures_total=counts[whole],
        measures_closed=counts[f"closed_{whole}"],
        problems_total=problems[whole],
        problems_withheld=problems["all"] - problems["shown"] if note_withheld else 0,
        measures_withheld=counts["all"] - counts["shown"] if note_withheld else 0,
        completion_rate=rates.completion_rate,
        on_time_rate=rates.on_time_rate,
    )


def _figures(raw) -> list[nr.Figure]:
    out = []
    for item in raw or []:
        if not isinstance(item, dict) or "value" not in item:
            continue
        try:
            value = Decimal(str(item["value"]))
        except ArithmeticError:
            continue
        out.append(nr.Figure(str(item.get("label", "")), value, str(item.get("unit", ""))))
    return out


def _measure_item(m: Measure, public: bool = False) -> nr.MeasureItem:
    """``public``: figures marked 不宜公开 with their update are left out (the text stays)."""
    latest = m.notice_updates[0] if m.notice_updates else None
    figures = _figures(latest.figures) if latest and not (public and latest.withheld) else []
    stones = list(m.milestones.all())
    nxt = next((s for s in stones if s.done_on is None), None)
    return nr.MeasureItem(
        text=m.text,
        progress=latest.text if latest else "",
        progress_date=latest.date if latest else None,
        figures=figures,
        closed=m.status == Measure.Status.CLOSED,
        long_term=m.kind == Measure.Kind.LONG_TERM,
        milestones_done=sum(1 for s in stones if s.done_on),
        milestones_total=len(stones),
        next_milestone=nxt.title if nxt else "",
        next_milestone_due=nxt.due if nxt else None,
        leader=m.leader.display_name if m.leader else "",
        unit=m.lead_unit.display_name if m.lead_unit else "",
        deadline=m.deadline,
        state=m.get_status_display(),
        group=m.group,
    )


def notice_data(
    inspection: Inspection,
    notice: Notice | None = None,
    date: dt.date | None = None,
    public: bool = False,
    note_withheld: bool = False,
) -> nr.NoticeData:
    """Everything the generated notice needs, in a fixed number of queries.

    ``public`` (the 社会通报) leaves out every problem, measure and register entry
    marked 不宜公开; the 党内通报 and the report keep everything. ``note_withheld``
    (a 社会通报 only) makes its counts say how many it leaves out.
    """
    measures = Measure.objects.order_by("order", "id").select_related("leader", "lead_unit")
    if public:
        measures = public_only(measures)
    measures = measures.prefetch_related(
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.order_by("-date", "-id"),
            to_attr="notice_updates",
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "order")),
    )
    problems = (
        (public_only(Problem.objects) if public else Problem.objects)
        .filter(inspection=inspection)
        .order_by("order", "id")
        .prefetch_related(Prefetch("measures", queryset=measures))
    )
    by_aspect: dict[int | None, list[nr.ProblemItem]] = defaultdict(list)
    for p in problems:
        by_aspect[p.aspect_id].append(
            nr.ProblemItem(
                title=p.title,
                code=p.code,
                long_term=p.long_term,
                measures=[_measure_item(m, public) for m in p.measures.all()],
            )
        )
    aspects = list(Aspect.objects.filter(inspection=inspection).order_by("order", "id"))
    children: dict[int | None, list[Aspect]] = defaultdict(list)
    known = {a.pk for a in aspects}
    for a in aspects:
        children[a.parent_id if a.parent_id in known else None].append(a)

    def node(a: Aspect, seen: frozenset[int]) -> nr.AspectNode:
        kids = [node(c, seen | {a.pk}) for c in children[a.pk] if c.pk not in seen]
        return nr.AspectNode(title=a.title, children=kids, problems=by_aspect.get(a.pk, []))

    if notice is not None:
        contacts = notice_contacts(notice)
    else:
        contacts = draft_contacts(inspection, date or timezone.localdate())
    loose = [p for key, ps in by_aspect.items() if key is None or key not in known for p in ps]
    return nr.NoticeData(
        facts=inspection_facts(inspection),
        registers=registers(inspection, public, note_withheld=note_withheld, date=date),
        aspects=[node(a, frozenset()) for a in children[None]],
        loose_problems=loose,
        contacts=contacts,
        attachments=[title for title, _ in ledger_attachments(inspection)],
        date=date,
        public=public,
    )


def notice_contacts(notice: Notice) -> nr.Contacts:
    """The closing paragraph's facts: disclosure window and the channels for opinions."""
    return nr.Contacts(
        disclosure_start=notice.disclosure_start,
        disclosure_end=notice.disclosure_end,
        phone=notice.phone,
        phone_hours=notice.phone_hours,
        postal_address=notice.postal_address,
        envelope_words=notice.envelope_words,
        postcode=notice.postcode,
        email=notice.email,
    )


def draft_contacts(inspection: Inspection, publish_on: dt.date) -> nr.Contacts:
    """What a new draft prints in its closing: the window from ``publish_on`` for
    :data:`DISCLOSURE_DAYS`, and the organisation's saved channels for opinions
    (else those of its latest notice)."""
    org = inspection.organisation
    saved = ContactDetails.objects.filter(organisation=org).first() or (
        Notice.objects.filter(inspection__organisation=org).order_by("-id").first()
    )
    channels = {name: getattr(saved, name) for name in ContactDetails.FIELDS} if saved else {}
    return nr.Contacts(
        disclosure_start=publish_on,
        disclosure_end=publish_on + dt.timedelta(days=DISCLOSURE_DAYS),
        **channels,
    )


def generated_document(
    inspection: Inspection,
    notice: Notice | None = None,
    today: dt.date | None = None,
    public: bool = True,
    note_withheld: bool = False,
) -> nr.NoticeDocument:
    """A fresh notice built from the ledger as it stands, complete as a draft: the
    window, the contacts and today's date under the signature. A notice's own
    audience decides ``public`` (社会通报) or not (党内通报), and its own choice
    whether the counts say how many items are 不宜公开 (``note_withheld``)."""
    if notice is not None:
        public, note_withheld = notice.is_public, notice.note_withheld
    date = today or timezone.localdate()
    data = notice_data(inspection, notice, date=date, public=public, note_withheld=note_withheld)
    return nr.build_notice(data)


def notice_filename(notice: Notice, ext: str) -> str:
    """云溪镇党委巡察整改进展情况通报-2026-12-02.docx: what it is and its date."""
    org = notice.inspection.organisation
    what = f"{org.short_name or org.name}{notice.inspection.get_kind_display()}整改进展情况通报"
    if not notice.is_public:
        what += "（党内）"
    return document_filename(what, signature_date(notice), ext)


def withheld_in_body(notice: Notice) -> list[str]:
    """What is marked 不宜公开 and still printed in the saved body (marked after the
    draft was generated, or typed back in by hand): problems by code or title,
    measures, regulations and progress figures, each named as the office finds it.

    Text the ledger's own generation of this notice prints anyway is no leak (a
    public measure may name the regulation it made), so a hit counts only when a
    fresh generation leaves it out; that generation runs only when something hits.
    """
    inspection, body = notice.inspection, notice.body
    hits: list[tuple[str, str]] = []  # (name for the office, text found in the body)

    def look(name: str, text: str) -> None:
        text = strip_label(text).rstrip("。；")
        if text and text in body:
            hits.append((name, text))

    for p in Problem.objects.filter(inspection=inspection).exclude(withheld=""):
        look(p.code or strip_label(p.title), p.title)
    for m in Measure.objects.filter(problem__inspection=inspection).exclude(withheld=""):
        look(f"措施“{strip_label(m.text)[:20]}”", m.text)
    for r in Regulation.objects.filter(inspection=inspection).exclude(withheld=""):
        look(f"制度“{r.title}”", r.title)
    updates = ProgressUpdate.objects.filter(measure__problem__inspection=inspection)
    for u in updates.exclude(withheld=""):
        for fig in _figures(u.figures):
            look(f"数据“{fig.text()}”", fig.text())
    if not hits:
        return []
    fresh = generated_document(inspection, notice).body_text()
    return [name for name, text in hits if text not in fresh]


def signature_date(notice: Notice) -> dt.date:
    """The date under the signature: the publication date, or today for a draft."""
    if notice.published_at:
        return timezone.localdate(notice.published_at)
    return timezone.localdate()


def notice_document(notice: Notice) -> nr.NoticeDocument:
    """The notice as it will print: the saved body, then the tail from its fields."""
    inspection = notice.inspection
    facts = inspection_facts(inspection)
    if notice.signature:
        facts = nr.InspectionFacts(**{**facts.__dict__, "issuer": notice.signature})
    contacts = notice_contacts(notice)
    tail = nr.tail_blocks(
        facts,
        contacts,
        [title for title, _ in ledger_attachments(inspection)],
        signature_date(notice),
        public=notice.is_public,
    )
    return nr.document_from_body(notice.title, notice.body, tail, facts.names)
