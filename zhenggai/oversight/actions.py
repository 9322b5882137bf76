"""State changes of the supervision app. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.db import transaction

from zhenggai.audit.log import record

from .models import Supervision, SupervisionAttachment


@transaction.atomic
def do_record_supervision(
    actor,
    inspection,
    *,
    kind: str,
    date: dt.date,
    who: str = "",
    note: str = "",
    units: Iterable = (),
    measures: Iterable = (),
    files: Iterable = (),
) -> Supervision:
    """Register a supervision action (督导/专题会议/督办函/约谈) with its attachments."""
    supervision = Supervision.objects.create(
        inspection=inspection, kind=kind, date=date, who=who, note=note, created_by=actor
    )
    supervision.units.set(list(units))
    measures = list(measures)
    supervision.measures.set(measures)
    names = []
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = SupervisionAttachment(
            supervision=supervision,
            original_name=upload.name[:255],
            content_type=upload.sniffed_type,
            sha256=digest.hexdigest(),
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.file.save(attachment.sha256, upload, save=False)
        attachment.save()
        names.append(attachment.original_name)
    after = {
        "kind": supervision.kind,
        "date": supervision.date.isoformat(),
        "measures": [m.pk for m in measures],
        "attachments": names,
    }
    record(actor, "supervision.create", supervision, after=after)
    for measure in measures:
        record(
            actor,
            "supervision.create",
            supervision,
            measure=measure,
            note=supervision.get_kind_display(),
        )
    return supervision
