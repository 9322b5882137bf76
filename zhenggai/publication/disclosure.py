"""不宜公开: marking problems, measures, progress figures and register entries the public
notice leaves out.

The 党内通报 prints everything; the 社会通报, its Word file, its attached ledgers
and its opinion form leave out what is marked here (``inspections.models.public_only``).
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from zhenggai.audit.log import record
from zhenggai.inspections.models import Withholding
from zhenggai.ledger.models import Measure, ProgressUpdate

# What may be marked, by the name used in URLs.
KINDS = {
    "problem": "inspections.Problem",
    "measure": "ledger.Measure",
    "progress": "ledger.ProgressUpdate",  # the figures of a progress update
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
    measure = measure_of(obj)
    return measure.problem.inspection_id if measure else obj.inspection_id


def measure_of(obj) -> Measure | None:
    """The measure ``obj`` belongs to (itself for a measure), for its history."""
    if isinstance(obj, ProgressUpdate):
        return obj.measure
    return obj if isinstance(obj, Measure) else None


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
    what = "数据" if isinstance(obj, ProgressUpdate) else ""
    label = f"标记{what}不宜公开：{obj.withheld_reason}" if reason else f"取消{what}不宜公开标记"
    record(
        actor,
        "withholding.set",
        obj,
        before=before,
        after=after,
        note=label,
        measure=measure_of(obj),
    )
    return obj
