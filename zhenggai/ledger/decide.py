"""Deciding with the facts in view: what the review (审核) and approval (审批) pages show.

The reviewer and the leader see the problem and measure, deadline and light, every
progress update with its figures, every evidence file (PDF and images previewed
in the page), the warning when a file was also offered for another measure, the
checklist and the history — in a fixed number of queries.
"""

from __future__ import annotations

from django.utils import timezone

from zhenggai.audit.models import AuditEvent

from .actions import CHECKLIST
from .history import described
from .models import ClosureRequest, Evidence, Measure

PREVIEWABLE = {"application/pdf": "pdf", "image/png": "image", "image/jpeg": "image"}


def mark_reuse(measure: Measure, evidence: list[Evidence]) -> None:
    """Set ``also_on`` on each file: the other measures (named, not numbered) it was
    also offered for, so the reviewer can ask why (two queries)."""
    shared = (
        Evidence.objects.filter(sha256__in={e.sha256 for e in evidence})
        .exclude(measure=measure)
        .values_list("sha256", "measure_id")
    )
    by_digest: dict[str, set[int]] = {}
    for digest, measure_id in shared:
        by_digest.setdefault(digest, set()).add(measure_id)
    ids = set().union(*by_digest.values()) if by_digest else set()
    others = {m.pk: m for m in Measure.objects.filter(pk__in=ids).select_related("problem")}
    for item in evidence:
        item.also_on = [others[pk] for pk in sorted(by_digest.get(item.sha256, ())) if pk in others]
        item.preview = PREVIEWABLE.get(item.content_type, "")


def decision_context(closure: ClosureRequest) -> dict:
    """Everything the review and approval pages show about ``closure``'s measure."""
    measure = closure.measure
    evidence = list(measure.evidence.select_related("uploaded_by", "closure"))
    mark_reuse(measure, evidence)
    updates = list(measure.updates.select_related("author").order_by("date", "id"))
    return {
        "closure": closure,
        "measure": measure,
        "problem": measure.problem,
        "light": measure.compute_light(timezone.localdate()),
        "updates": updates,
        "evidence": evidence,
        "reused": sum(1 for e in evidence if e.also_on),
        "checklist": [
            (label, bool(closure.checklist.get(key))) for key, label in CHECKLIST.items()
        ],
        "earlier": list(
            measure.closures.exclude(pk=closure.pk)
            .select_related("submitted_by")
            .order_by("-submitted_at")
        ),
        "history": described(
            AuditEvent.objects.filter(measure=measure).select_related("actor").order_by("at", "id")
        ),
    }
