"""Complete drafts, the rectification report and the 对账销号单, through the Django layers."""

import datetime as dt
import io
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.publication.conftest import contacts
from zhenggai.audit.models import AuditEvent
from zhenggai.demo import build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import ClosureRequest, Evidence, Measure
from zhenggai.publication import actions, report_actions
from zhenggai.publication.generate import generated_document
from zhenggai.publication.models import ContactDetails, RectificationReport

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_notice_command_on_the_demo_village_prints_window_contacts_and_date(tmp_path):
    build_demo()
    village = Inspection.objects.get(variant=Inspection.Variant.VILLAGE)
    out, path = StringIO(), tmp_path / "notice.docx"
    call_command("notice", str(village.pk), "--format", "docx", "-o", str(path), stdout=out)
    printed = out.getvalue()
    today = timezone.localdate()
    end = today + dt.timedelta(days=14)
    window = f"公开期限：{today.year}年{today.month}月{today.day}日至"
    for part in (window, "联系电话：", "邮政信箱：", "邮政编码：", "电子邮箱：", "桃源村党总支"):
        assert part in printed
    assert f"{today.year}年{today.month}月{today.day}日" in printed.splitlines()[-1]
    text = docx_text(path.read_bytes())
    assert window in text and f"{end.month}月{end.day}日" in text
    assert "联系电话：0000-" in text


def test_a_draft_takes_the_organisations_saved_contacts_and_saving_keeps_them(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    assert notice.phone == "" and notice.disclosure_start == timezone.localdate()
    actions.do_save_notice(
        world.office, notice, notice.version, title=notice.title, body=notice.body, **contacts()
    )
    saved = ContactDetails.objects.get(organisation=world.town)
    assert saved.phone == "0000-7654321"
    assert AuditEvent.objects.filter(action="contacts.save").exists()
    doc = generated_document(world.inspection)
    closing = "\n".join(b.text for b in doc.tail)
    assert "联系电话：0000-7654321" in closing and "邮政编码：510999" in closing
    second = actions.do_generate_notice(world.office, world.inspection)
    assert second.postal_address == "青山镇府前路8号镇巡察整改办"


def test_notice_download_has_a_name_that_says_what_it_is(world, login):
    notice = actions.do_generate_notice(world.office, world.inspection)
    response = login(world.office).get(reverse("publication:download", args=[notice.pk, "docx"]))
    name = f"{world.town.name}巡察整改进展情况通报-{timezone.localdate():%Y-%m-%d}.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_report_is_generated_submitted_and_approved_with_audit(world, login):
    report = report_actions.do_generate_report(world.office, world.inspection)
    assert report.status == RectificationReport.Status.DRAFT
    with pytest.raises(report_actions.ReportError):
        report_actions.do_approve_report(world.leader, report, report.version)
    report_actions.do_submit_report(world.office, report, report.version)
    with pytest.raises(report_actions.ReportError, match="书记"):
        report_actions.do_approve_report(world.unit, report, report.version)
    report_actions.do_approve_report(world.leader, report, report.version)
    report.refresh_from_db()
    assert report.status == RectificationReport.Status.APPROVED
    assert report.approved_by == world.leader
    seen = set(
        AuditEvent.objects.filter(object_type="publication.rectificationreport").values_list(
            "action", flat=True
        )
    )
    assert seen == {"report.generate", "report.submit", "report.approve"}
    client = login(world.oversight)
    page = client.get(reverse("publication:report", args=[world.inspection.pk]))
    assert page.status_code == 200 and "整改情况报告" in page.content.decode()
    response = client.get(reverse("publication:report_download", args=[report.pk, "docx"]))
    text = docx_text(response.content)
    assert "一、整改工作总体情况" in text and "清查全部租赁合同" in text
    assert quote("巡察整改情况报告-") in response["Content-Disposition"]


def test_report_page_lets_the_office_generate(world, login):
    client = login(world.office)
    response = client.post(reverse("publication:report_generate", args=[world.inspection.pk]))
    assert response.status_code == 302
    assert RectificationReport.objects.filter(inspection=world.inspection).count() == 1
    page = client.get(reverse("publication:report", args=[world.inspection.pk])).content.decode()
    assert "提交审批" in page and "下载 Word" in page


def test_report_command_writes_the_word_file(world, tmp_path):
    path = tmp_path / "report.docx"
    out = StringIO()
    call_command("report", str(world.inspection.pk), "-o", str(path), stdout=out)
    text = docx_text(path.read_bytes())
    assert "巡察反馈意见整改情况的报告" in text.replace("\n", "")
    assert "特此报告。" in text and "已写入" in out.getvalue()


def close(world, measure, files=1):
    for i in range(files):
        e = Evidence(
            measure=measure,
            original_name=f"佐证{i}.pdf",
            content_type="application/pdf",
            sha256=f"{measure.pk:02d}{i:02d}".ljust(64, "a"),
            size=8,
            uploaded_by=world.unit,
        )
        e.file.save("e.pdf", ContentFile(b"%PDF-1.4"), save=False)
        e.save()
    ClosureRequest.objects.create(
        measure=measure,
        note="已全部完成",
        submitted_by=world.unit,
        stage=ClosureRequest.Stage.APPROVED,
        reviewer=world.office,
        reviewed_at=timezone.now(),
        approver=world.leader,
        decided_at=timezone.now(),
    )
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.Status.CLOSED, closed_on=timezone.localdate()
    )


def test_closure_sheet_of_a_closed_measure_lists_evidence_hashes(world, login):
    close(world, world.measure, files=2)
    response = login(world.unit).get(
        reverse("publication:closure_sheet", args=[world.measure.pk, "docx"])
    )
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "对账销号单" in text and "清查全部租赁合同" in text
    assert f"{world.measure.pk:02d}00".ljust(64, "a") in text
    assert "审核人：office" in text and "审批人：leader" in text
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_bulk_closure_sheets_only_hold_the_measures_the_user_may_see(world, login):
    close(world, world.measure)
    close(world, world.finance_measure)
    url = reverse("publication:closure_sheets", args=[world.inspection.pk, "docx"])
    office = docx_text(login(world.office).get(url).content)
    assert "清查全部租赁合同" in office and "修订财务制度" in office
    unit = docx_text(login(world.unit).get(url).content)
    assert "清查全部租赁合同" in unit and "修订财务制度" not in unit


def test_measure_page_offers_the_sheet_once_closed(world, login):
    client = login(world.office)
    url = reverse("ledger:measure", args=[world.measure.pk])
    assert "closure-sheet" not in client.get(url).content.decode()
    close(world, world.measure)
    assert "closure-sheet" in client.get(url).content.decode()
