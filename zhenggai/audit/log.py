"""Writing audit events. Call :func:`record` inside the action's transaction."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from zhenggai.core.chain import GENESIS

from .codes import ACTION_LABELS
from .integrity import chain_key, seal
from .models import MEASURE, AuditEvent

#: Sent inside the action's transaction after each event is appended, with ``event``,
#: ``obj`` and ``measure``: what is derived from the ledger (stored figures, stored
#: lights) hears of every change here, since every change is an audited action.
recorded = Signal()


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

    On PostgreSQL appends are serialised by a transaction-level advisory lock (held
    until the action commits), so concurrent actions queue instead of failing. Elsewhere
    a concurrent writer that took the same predecessor makes the insert fail on the
    ``prev_hash`` constraint; we then re-read the tail and try again.
    """
    if action not in ACTION_LABELS:
        raise ValueError(f"audit code {action!r} is not registered in zhenggai.audit.codes")
    if measure is None and obj._meta.label_lower == MEASURE:
        measure = obj
    key = chain_key()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _lock_the_tail()
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
                break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("audit chain is busy; retry the action")
    recorded.send(sender=AuditEvent, event=event, obj=obj, measure=measure)
    return event


# Any constant shared by every writer of the chain: "zg-chain" as an integer.
CHAIN_LOCK = 0x7A672D636861696E


def _lock_the_tail() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
