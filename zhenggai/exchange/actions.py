"""State changes of staged imports; each is atomic and audited."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.core import ledger_import as li
from zhenggai.lib.errors import WorkflowError

from . import importing
from .models import LedgerImport


@transaction.atomic
def do_stage_import(actor, inspection, *, name: str, data: bytes) -> LedgerImport:
    """Store an uploaded ledger under ``imports/`` with the guessed column mapping.

    Raises :class:`WorkflowError` if the file is not a readable ledger.
    """
    try:
        table = importing.read(data)
    except li.LedgerFileError as exc:
        raise WorkflowError(str(exc)) from exc
    job = LedgerImport(
        inspection=inspection,
        original_name=name[:255],
        mapping=li.guess_mapping(table.headers),
        uploaded_by=actor,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    job.file.save("upload.xlsx", ContentFile(data), save=False)
    job.save()
    record(actor, "ledger_import.stage", job, after={"name": job.original_name, "size": len(data)})
    return job


@transaction.atomic
def do_set_import_mapping(actor, job: LedgerImport, mapping: dict[str, int]) -> LedgerImport:
    """The user's own column mapping replaces the guessed one."""
    if job.status != LedgerImport.Status.STAGED:
        raise WorkflowError("该文件已经导入，不能再修改列对应；如需再次导入请重新上传。")
    before = job.mapping
    job.mapping = mapping
    job.save(update_fields=["mapping"])
    record(actor, "ledger_import.mapping", job, before=before, after=mapping)
    return job


def load_plan(job: LedgerImport) -> importing.ImportPlan:
    """Re-read the stored file and plan with the stored mapping (never the browser's)."""
    with job.file.open("rb") as fh:
        data = fh.read()
    table = importing.read(data)
    mapping = {k: int(v) for k, v in job.mapping.items()}
    return importing.plan_import(job.inspection, table, mapping)


@transaction.atomic
def do_apply_import(actor, job: LedgerImport) -> dict[str, int]:
    """Apply a staged import: everything or, on any error, nothing.

    Raises :class:`~zhenggai.exchange.importing.ImportRefused` listing every error.
    """
    locked = LedgerImport.objects.select_for_update().get(pk=job.pk)
    if locked.status != LedgerImport.Status.STAGED:
        raise WorkflowError("该文件已经导入过了。")
    plan = load_plan(job)
    counts = importing.apply_plan(actor, job.inspection, plan)
    locked.status, locked.applied_at, locked.summary = (
        LedgerImport.Status.APPLIED,
        timezone.now(),
        counts,
    )
    locked.save(update_fields=["status", "applied_at", "summary"])
    record(
        actor, "ledger_import.apply", locked, after=counts, note=f"导入台账：{job.original_name}"
    )
    job.status, job.summary = locked.status, counts
    return counts
