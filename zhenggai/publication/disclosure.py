"""不宜公开: marking problems, measures and register entries the public notice leaves out.

The 党内通报 prints everything; the 社会通报, its Word file, its attached ledgers
and its opinion form leave out what is marked here (``inspections.models.public_only``).
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from zhenggai.audit.log import record
from zhenggai.inspections.models import Withholding
from zhenggai.ledger.models import Measure

# What may be marked, by the name used in URLs.
KINDS = {
    "problem": "inspections.Problem",
    "measure": "ledger.Measure",
    "regulation": "ledger.Regulation",
    "accountability": "ledger.Accountability",
    "recovery": "ledger.Recovery",
}


class DisclosureError(Exception):
    """A refused marking; ``str()`` is the Chinese message shown."""


def model_for(kind: str):
    if kind not in KINDS:
        raise DisclosureError("该对象不能标记为不宜公开。")
    return apps.get_model(KINDS[kind])


def inspection_id_of(obj) -> int:
    return obj.problem.inspection_id if isinstance(obj, Measure) else obj.inspection_id


@transaction.atomic
def do_set_withholding(actor, obj, reason: str, note: str = ""):
    """Mark ``obj`` 不宜公开 for ``reason`` (a :class:`Withholding` value), or clear it with ""."""
    if reason not in Withholding.values:
        raise DisclosureError("请从列表中选择不宜公开的理由。")
    note = note.strip()
    if reason == Withholding.OTHER and not note:
        raise DisclosureError("选择“其他”时请写明理由。")
    before = {"withheld": obj.withheld, "withheld_note": obj.withheld_note}
    obj.withheld, obj.withheld_note = reason, note if reason else ""
    obj.save(update_fields=["withheld", "withheld_note"])
    after = {"withheld": obj.withheld, "withheld_note": obj.withheld_note}
    label = f"标记不宜公开：{obj.withheld_reason}" if reason else "取消不宜公开标记"
    record(
        actor,
        "withholding.set",
        obj,
        before=before,
        after=after,
        note=label,
        measure=obj if isinstance(obj, Measure) else None,
    )
    return obj
