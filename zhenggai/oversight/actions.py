"""State changes of the supervision app. Each is atomic and audited."""

from __future__ import annotations

import hashlib

from django.db import transaction

from zhenggai.audit.log import record

from .models import Supervision, SupervisionAttachment


@transaction.atomic
def do_record_supervision(actor, inspection, data: dict, files) -> Supervision:
    """Register a supervision action (督导/专题会议/督办函/约谈) with its attachments."""
    supervision = Supervision.objects.create(
        inspection=inspection,
        kind=data["kind"],
        date=data["date"],
        who=data.get("who", ""),
        note=data.get("note", ""),
        created_by=actor,
    )
    supervision.units.set(data.get("units") or [])
    measures = list(data.get("measures") or [])
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
    record(actor, "登记督导记录", supervision, after=after)
    for measure in measures:
        record(
            actor,
            "登记督导记录",
            supervision,
            measure=measure,
            note=supervision.get_kind_display(),
        )
    return supervision
