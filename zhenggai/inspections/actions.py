"""State changes of an inspection as a whole; each is atomic and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.ledger.actions import WorkflowError

from .models import Inspection


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
