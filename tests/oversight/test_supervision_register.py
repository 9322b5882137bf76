"""The supervision register: create with attachments, counts, shown on the measure."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.oversight.helpers import PDF
from zhenggai.audit.models import AuditEvent
from zhenggai.oversight.models import Supervision, SupervisionAttachment

pytestmark = pytest.mark.django_db


def post(client, w, **extra):
    data = {
        "kind": "meeting",
        "date": "2026年7月8日",
        "who": "镇党委班子成员",
        "units": [w.agri.pk],
        "measures": [w.measure.pk],
        "note": "专题研究集体资产清查",
        **extra,
    }
    return client.post(reverse("oversight:supervision_new", args=[w.inspection.pk]), data)


def test_office_records_a_meeting_with_a_pdf_and_it_shows_everywhere(world, login):
    client = login(world.office)
    pdf = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/octet-stream")
    response = post(client, world, files=[pdf])
    assert response.status_code == 302
    sup = Supervision.objects.get()
    assert (sup.kind, sup.date.isoformat(), sup.created_by) == (
        "meeting",
        "2026-07-08",
        world.office,
    )
    item = SupervisionAttachment.objects.get()
    assert item.content_type == "application/pdf" and len(item.sha256) == 64
    assert AuditEvent.objects.filter(action="supervision.create", measure=world.measure).exists()

    page = client.get(
        reverse("oversight:supervisions", args=[world.inspection.pk])
    ).content.decode()
    assert "专题会议" in page and "会议纪要.pdf" in page

    unit_page = login(world.unit).get(world.measure.get_absolute_url()).content.decode()
    assert "督导督办" in unit_page and "专题研究集体资产清查" in unit_page
    download = login(world.unit).get(reverse("oversight:attachment", args=[item.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_attachment_type_is_checked_by_its_bytes_not_its_name(world, login):
    client = login(world.office)
    fake = SimpleUploadedFile("督办函.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post(client, world, files=[fake])
    assert response.status_code == 200
    assert "“督办函.pdf”的内容无法识别" in response.content.decode()
    assert not Supervision.objects.exists()


def test_counts_by_kind_read_like_the_notices(world, login):
    client = login(world.office)
    for _ in range(3):
        post(client, world)
    post(client, world, kind="talk")
    page = client.get(
        reverse("oversight:supervisions", args=[world.inspection.pk])
    ).content.decode()
    assert "<span>专题会议</span><strong>3<small>次</small>" in page
    assert "<span>约谈</span><strong>1<small>次</small>" in page
