"""The review (审核) and approval (审批) pages show the facts to decide on."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF, PNG, docx_bytes
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import ClosureRequest, Evidence, Measure

pytestmark = pytest.mark.django_db


def requested(world):
    m = world.measure
    actions.do_post_progress(
        world.unit,
        m,
        date=timezone.localdate(),
        text="清查合同42份",
        figures=[{"label": "清查合同", "value": 42, "unit": "份"}],
        files=[Upload("清查报告.pdf", PDF), Upload("现场.png", PNG)],
    )
    actions.do_post_progress(
        world.other_unit,
        world.co_measure,
        date=timezone.localdate(),
        text="借用",
        files=[Upload("同一报告.pdf", PDF)],
    )
    return actions.do_request_closure(
        world.unit,
        Measure.objects.get(pk=m.pk),
        note="合同已全部清查",
        files=[Upload("台账.docx", docx_bytes())],
    )


def test_review_page_shows_measure_progress_figures_evidence_and_reuse(world, login):
    closure = requested(world)
    page = login(world.office).get(reverse("ledger:closure_review", args=[closure.pk]))
    html = page.content.decode()
    assert "集体资产租赁管理不规范" in html and "清查全部租赁合同" in html
    assert "2026年12月31日" in html and 'class="light' in html
    assert "清查合同 <strong>42</strong>份" in html
    pdf = Evidence.objects.get(original_name="清查报告.pdf")
    assert f'<iframe class="pdf-preview" src="/evidence/{pdf.pk}/view/"' in html
    assert 'class="image-preview"' in html
    assert "下载查看（台账.docx）" in html
    assert (
        "也作为其他措施的佐证材料上传过" in html and "问题1 追缴欠缴租金" in html
    )  # named, not "#12"
    assert "佐证材料齐全" in html  # the checklist is part of the form


def test_approval_page_shows_the_reviewers_checklist(world, login):
    closure = requested(world)
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    html = (
        login(world.leader)
        .get(reverse("ledger:closure_approve", args=[closure.pk]))
        .content.decode()
    )
    assert "☑ 佐证材料齐全" in html and "审核通过" in html and "<iframe" in html


def test_pdf_and_images_are_served_inline_in_the_page_other_files_download(world, login):
    requested(world)
    client = login(world.office)
    pdf = Evidence.objects.get(original_name="清查报告.pdf")
    response = client.get(reverse("ledger:evidence_view", args=[pdf.pk]))
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    doc = Evidence.objects.get(original_name="台账.docx")
    response = client.get(reverse("ledger:evidence_view", args=[doc.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_the_requester_is_warned_and_refused_on_the_review_page(world, login):
    m = world.measure
    actions.do_post_progress(
        world.office, m, date=timezone.localdate(), text="代报", files=[Upload("a.pdf", PDF)]
    )
    closure = actions.do_request_closure(world.office, Measure.objects.get(pk=m.pk), note="代申请")
    client = login(world.office)
    url = reverse("ledger:closure_review", args=[closure.pk])
    assert "不能审核自己的申请" in client.get(url).content.decode()
    data = {"evidence": "on", "matches": "on", "figures": "on", "decision": "accept"}
    response = client.post(url, data)
    assert response.status_code == 400 and "申请人" in response.content.decode()
    assert ClosureRequest.objects.get(pk=closure.pk).stage == "pending_review"


def test_history_says_which_field_changed_from_what_to_what(world, login):
    import datetime as dt

    m = Measure.objects.get(pk=world.measure.pk)
    actions.do_update_measure(
        world.office, m, m.version, deadline=dt.date(2027, 1, 15), lead_unit=world.finance
    )
    html = login(world.office).get(reverse("ledger:measure", args=[m.pk])).content.decode()
    assert "时限 2026-12-31 → 2027-01-15" in html
    assert "牵头单位 农业办 → 财政所" in html
