"""Writing audit events. Call :func:`record` inside the action's transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenggai.core.chain import GENESIS

from .codes import ACTION_LABELS
from .integrity import chain_key, seal
from .models import MEASURE, AuditEvent


def record(
    actor,
    action: str,
    obj,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    measure=None,
) -> AuditEvent:
    """Append one event to the chain.

    A concurrent writer that took the same predecessor makes the insert fail on
    the ``prev_hash`` constraint; we then re-read the tail and try again.
    """
    if action not in ACTION_LABELS:
        raise ValueError(f"audit code {action!r} is not registered in zhenggai.audit.codes")
    if measure is None and obj._meta.label_lower == MEASURE:
        measure = obj
    key = chain_key()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
                event = AuditEvent(
                    at=timezone.now(),
                    actor=actor if getattr(actor, "pk", None) else None,
                    action=action,
                    object_type=obj._meta.label_lower,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:200],
                    measure=measure,
                    before=before or {},
                    after=after or {},
                    note=note,
                    prev_hash=last or GENESIS,
                )
                seal(event, key)
                event.save()
                return event
        except IntegrityError:
            continue
    raise RuntimeError("audit chain is busy; retry the action")
