"""Withdrawing a wrong record (撤回): a reason, the measure's version, an audit event;
gone from pages, totals, exports and notices; never deleted, its file kept."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF
from zhenggai.audit.integrity import verify_history
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger import actions
from zhenggai.ledger.actions import StaleEdit, Upload
from zhenggai.ledger.models import Evidence, Measure, Milestone, ProgressUpdate
from zhenggai.lib.errors import WorkflowError
from zhenggai.publication import actions as pub
from zhenggai.publication.models import Notice, PublicComment

pytestmark = pytest.mark.django_db
WRONG = "错报到本措施的进展：该村并未清退任何合同"


def _progress(world, text=WRONG, date=None):
    return actions.do_post_progress(
        world.unit,
        world.measure,
        date=date or timezone.localdate(),
        text=text,
        files=[Upload("错传.pdf", PDF)],
    )


def _version(world) -> int:
    return Measure.objects.get(pk=world.measure.pk).version


def test_the_office_withdraws_a_wrong_progress_update_from_the_measure_page(login, world):
    update = _progress(world)
    evidence = update.evidence.get()
    client = login(world.office)
    page = client.get(world.measure.get_absolute_url()).content.decode()
    url = reverse("ledger:withdraw", args=["progress", update.pk])
    assert url in page
    confirm = client.get(url).content.decode()
    assert "确认撤回" in confirm and WRONG[:10] in confirm
    response = client.post(url, {"reason": "报错了措施", "version": _version(world)})
    assert response.status_code == 302
    page = client.get(world.measure.get_absolute_url()).content.decode()
    progress = page.split("<h2>整改进展</h2>")[1].split("</section>")[0]
    assert WRONG not in progress and "尚未报送进展" in progress
    assert "撤回整改进展" in page and "已撤回" in page and "报错了措施" in page
    # Nothing deleted, the file still on disk, the evidence withdrawn with its update.
    row = ProgressUpdate.all_objects.get(pk=update.pk)
    assert row.withdrawn_by == world.office and row.withdrawal_reason == "报错了措施"
    assert Evidence.all_objects.get(pk=evidence.pk).is_withdrawn
    assert Path(settings.STORAGES["default"]["OPTIONS"]["location"], evidence.file.name).exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert client.get(reverse("ledger:evidence", args=[evidence.pk])).status_code == 404
    event = AuditEvent.objects.get(action="progress.withdraw")
    assert event.measure_id == world.measure.pk and event.actor == world.office
    assert verify_history().ok  # the kept file is still checked


def test_a_withdrawal_needs_a_reason_the_current_version_and_happens_once(world):
    update = _progress(world)
    with pytest.raises(WorkflowError, match="原因"):
        actions.do_withdraw_progress(world.office, update, version=_version(world), reason=" ")
    with pytest.raises(StaleEdit):
        actions.do_withdraw_progress(world.office, update, version=_version(world) - 1, reason="x")
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    actions.do_withdraw_progress(world.office, update, version=_version(world), reason="重复")
    with pytest.raises(WorkflowError, match="已经撤回"):
        actions.do_withdraw_progress(world.office, update, version=_version(world), reason="重复")
    assert AuditEvent.objects.filter(action="progress.withdraw").count() == 1


def test_the_last_progress_date_is_read_again_from_what_remains(world):
    older = timezone.localdate() - dt.timedelta(days=20)
    _progress(world, text="真实的进展", date=older)
    wrong = _progress(world)
    actions.do_withdraw_progress(world.office, wrong, version=_version(world), reason="错报")
    assert Measure.objects.get(pk=world.measure.pk).last_progress_on == older


def test_a_withdrawn_update_leaves_the_export_and_the_notice(login, world):
    update = _progress(world)
    actions.do_withdraw_progress(world.office, update, version=_version(world), reason="错报")
    client = login(world.office)
    response = client.get(reverse("exchange:export", args=[world.inspection.pk, "ledger"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {str(c.value) for ws in book for row in ws.iter_rows() for c in row}
    assert not any(WRONG in c for c in cells)
    notice = pub.do_generate_notice(world.office, world.inspection)
    assert WRONG not in notice.body


def test_an_evidence_file_and_a_milestone_are_withdrawn_alone(world):
    update = _progress(world, text="真实的进展")
    evidence = update.evidence.get()
    actions.do_withdraw_evidence(world.office, evidence, version=_version(world), reason="传错")
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    assert not world.measure.evidence.exists()
    world.measure.kind = Measure.Kind.LONG_TERM
    world.measure.save()
    ms = actions.do_add_milestone(
        world.office, world.measure, title="错设", due=dt.date(2027, 1, 1)
    )
    actions.do_withdraw_milestone(world.office, ms, version=_version(world), reason="错设")
    assert not world.measure.milestones.exists() and Milestone.all_objects.filter(pk=ms.pk).exists()
    labels = list(
        AuditEvent.objects.filter(action__endswith=".withdraw").values_list("action", flat=True)
    )
    assert labels == ["evidence.withdraw", "milestone.withdraw"]


def test_only_the_office_and_admins_withdraw(login, world):
    update = _progress(world)
    url = reverse("ledger:withdraw", args=["progress", update.pk])
    for user in (world.unit, world.leader, world.oversight):
        assert login(user).post(url, {"reason": "x"}).status_code == 403
    assert login(world.other_unit).get(url).status_code == 404
    page = login(world.unit).get(world.measure.get_absolute_url()).content.decode()
    assert url not in page
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    assert login(world.office).get(reverse("ledger:withdraw", args=["bogus", 1])).status_code == 404


def _published(world) -> Notice:
    notice = pub.do_generate_notice(world.office, world.inspection)
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.PUBLISHED,
        disclosure_start=dt.date(2000, 1, 1),
        disclosure_end=dt.date(2999, 1, 1),
    )
    return Notice.objects.get(pk=notice.pk)


def test_spam_opinions_are_withdrawn_and_still_count_against_their_sender(login, world, settings):
    settings.ZHENGGAI = {**settings.ZHENGGAI, "PUBLIC_OPINIONS_PER_HOUR": 2}
    notice = _published(world)
    spam = pub.do_submit_opinion(notice, text="广告：代开发票", hashed_ip="h")
    kept = pub.do_submit_opinion(notice, text="广告：代开发票", hashed_ip="h")
    client = login(world.office)
    assert (
        reverse("publication:opinion_withdraw", args=[spam.pk])
        in client.get(reverse("publication:opinion", args=[spam.pk])).content.decode()
    )
    url = reverse("publication:opinion_withdraw", args=[spam.pk])
    assert login(world.leader).post(url, {"reason": "垃圾"}).status_code == 403
    client = login(world.office)
    assert client.post(url, {"reason": "垃圾广告"}).status_code == 302
    listing = client.get(reverse("publication:opinions", args=[notice.pk])).content.decode()
    assert reverse("publication:opinion", args=[spam.pk]) not in listing
    assert reverse("publication:opinion", args=[kept.pk]) in listing
    assert PublicComment.all_objects.filter(pk=spam.pk, withdrawal_reason="垃圾广告").exists()
    assert AuditEvent.objects.filter(action="opinion.withdraw").count() == 1
    assert pub.rate_limited("h")  # the withdrawn one still counts


def test_an_opinion_answered_after_the_confirmation_page_was_shown_is_not_withdrawn(world):
    notice = _published(world)
    comment = pub.do_submit_opinion(notice, text="路灯坏了")
    shown = comment.status
    pub.do_reply_opinion(world.office, comment, "已修复")
    with pytest.raises(WorkflowError, match="已被他人办理"):
        pub.do_withdraw_opinion(world.office, comment, reason="误判为垃圾", seen_status=shown)
    assert PublicComment.objects.filter(pk=comment.pk).exists()


def test_the_administrator_withdraws_from_the_admin_with_a_confirmation_page(world, client):
    update = _progress(world)
    client.force_login(world.admin)
    change = reverse("admin:ledger_progressupdate_change", args=[update.pk])
    url = reverse("admin:ledger_progressupdate_withdraw", args=[update.pk])
    assert url in client.get(change).content.decode()
    assert "确认撤回" in client.get(url).content.decode()
    assert client.post(url, {"reason": "", "version": _version(world)}).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"reason": "管理员核实为错报", "version": _version(world)})
    assert response.status_code == 302
    assert ProgressUpdate.all_objects.get(pk=update.pk).is_withdrawn
    # Still listed in the admin (marked), never deleted.
    listing = client.get(reverse("admin:ledger_progressupdate_changelist")).content.decode()
    assert "撤回时间" in listing
    assert AuditEvent.objects.get(action="progress.withdraw").actor == world.admin
    client.force_login(world.office)
    assert client.get(url).status_code in (302, 403)  # the admin site is for administrators
