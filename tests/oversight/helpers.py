"""Builders for supervision tests."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile

from zhenggai.oversight.models import Supervision, SupervisionAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(w) -> SupervisionAttachment:
    """A supervision record on ``w.measure`` (led by ``unit``) with one PDF attached."""
    existing = SupervisionAttachment.objects.filter(supervision__inspection=w.inspection).first()
    if existing:
        return existing
    sup = Supervision.objects.create(
        inspection=w.inspection,
        kind=Supervision.Kind.LETTER,
        date=dt.date(2026, 7, 1),
        who="整改办",
        created_by=w.office,
    )
    sup.measures.add(w.measure)
    digest = hashlib.sha256(PDF).hexdigest()
    item = SupervisionAttachment(
        supervision=sup,
        original_name="督办函.pdf",
        content_type="application/pdf",
        sha256=digest,
        size=len(PDF),
        uploaded_by=w.office,
    )
    item.file.save(digest, ContentFile(PDF), save=False)
    item.save()
    return item
