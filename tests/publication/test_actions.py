"""The notice's life: generate, edit (versions, optimistic locking), approve, publish."""

import pytest
from django.test import TestCase

from tests.publication.conftest import contacts, publish
from zhenggai.audit.models import AuditEvent
from zhenggai.publication import actions
from zhenggai.publication.models import Notice, NoticeVersion

pytestmark = pytest.mark.django_db


def test_generated_draft_keeps_a_first_version_and_an_audit_event(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    assert notice.status == Notice.Status.DRAFT
    assert "集体资产租赁管理不规范" in notice.body
    assert "现将巡察整改进展情况予以公布" in notice.body
    assert NoticeVersion.objects.filter(notice=notice, number=1).exists()
    assert AuditEvent.objects.filter(action="notice.generate", object_id=str(notice.pk)).exists()


def test_each_save_is_a_new_version_with_its_author(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(world.office, notice, 1, title="新标题", body="第一段\n一、第二段")
    notice.refresh_from_db()
    assert notice.version == 2 and notice.title == "新标题"
    v = notice.versions.get(number=2)
    assert v.body == "第一段\n一、第二段" and v.author == world.office
    assert notice.versions.count() == 2


def test_a_second_editor_on_an_old_version_is_refused_and_nothing_is_overwritten(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    stale_copy = Notice.objects.get(pk=notice.pk)
    actions.do_save_notice(world.office, notice, 1, title=notice.title, body="甲的修改")
    with pytest.raises(actions.StaleNotice, match="已被他人修改"):
        actions.do_save_notice(world.admin, stale_copy, 1, title=stale_copy.title, body="乙的修改")
    notice.refresh_from_db()
    assert notice.body == "甲的修改" and notice.version == 2


def test_stale_edit_in_the_page_keeps_the_editors_text(world, login):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(world.admin, notice, 1, title=notice.title, body="别人先保存")
    client = login(world.office)
    response = client.post(
        f"/notices/{notice.pk}/edit/",
        {"version": 1, "title": notice.title, "body": "我写了很久的一段话"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已被他人修改" in page and "我写了很久的一段话" in page
    notice.refresh_from_db()
    assert notice.body == "别人先保存"


def test_head_of_the_organisation_approves_and_others_cannot(world):
    world.town.head = world.leader2
    world.town.save(update_fields=["head"])
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_submit_notice(world.office, notice, notice.version)
    with pytest.raises(actions.NoticeError, match="主要负责人"):
        actions.do_approve_notice(world.leader, notice, notice.version)
    actions.do_approve_notice(world.leader2, notice, notice.version)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.APPROVED and notice.approved_by == world.leader2


def test_without_a_head_a_leader_of_the_organisation_approves(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_submit_notice(world.office, notice, notice.version)
    with pytest.raises(actions.NoticeError):
        actions.do_approve_notice(world.oversight, notice, notice.version)
    actions.do_approve_notice(world.leader, notice, notice.version)


def test_secretary_returns_a_draft_with_a_reason(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_submit_notice(world.office, notice, notice.version)
    actions.do_return_notice(world.leader, notice, notice.version, "第二部分数字请核对")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT and notice.return_reason == "第二部分数字请核对"


def test_editing_an_approved_notice_sends_it_back_to_draft(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_submit_notice(world.office, notice, notice.version)
    actions.do_approve_notice(world.leader, notice, notice.version)
    actions.do_save_notice(world.office, notice, notice.version, title="改", body="改过的正文")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT and notice.approved_by is None


def test_publishing_needs_approval_window_and_a_channel(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    with pytest.raises(actions.NoticeError):
        actions.do_publish_notice(world.office, notice, notice.version)  # not approved
    actions.do_submit_notice(world.office, notice, notice.version)
    actions.do_approve_notice(world.leader, notice, notice.version)
    with pytest.raises(actions.NoticeError, match="公开期限"):
        actions.do_publish_notice(world.office, notice, notice.version)


def test_published_notice_has_its_word_file_and_cannot_be_edited(world):
    notice = publish(world)
    assert notice.published_file.name.endswith(".docx")
    assert notice.published_file.open("rb").read(2) == b"PK"
    with pytest.raises(actions.NoticeError, match="已发布"):
        actions.do_save_notice(world.office, notice, notice.version, title="x", body="y")
    actions_seen = set(
        AuditEvent.objects.filter(
            object_id=str(notice.pk), object_type="publication.notice"
        ).values_list("action", flat=True)
    )
    assert {
        "notice.generate",
        "notice.edit",
        "notice.submit",
        "notice.approve",
        "notice.publish",
    } <= actions_seen


def test_page_flow_submit_approve_publish(world, login):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(
        world.office, notice, notice.version, title=notice.title, body=notice.body, **contacts()
    )
    office = login(world.office)
    office.post(f"/notices/{notice.pk}/do/submit/", {"version": notice.version})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PENDING_APPROVAL
    leader = login(world.leader)
    leader.post(f"/notices/{notice.pk}/do/approve/", {"version": notice.version})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.APPROVED
    office = login(world.office)
    office.post(f"/notices/{notice.pk}/do/publish/", {"version": notice.version})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED


@pytest.mark.parametrize("fmt", ["docx", "html", "txt"])
def test_office_downloads_the_notice(world, login, fmt):
    notice = actions.do_generate_notice(world.office, world.inspection)
    response = login(world.office).get(f"/notices/{notice.pk}/download/{fmt}/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "docx":
        assert content[:2] == b"PK"
    else:
        assert "集体资产租赁管理不规范" in content.decode()


def test_pdf_without_libreoffice_says_so_in_chinese(world, login, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_SOFFICE", "/nonexistent/soffice")
    notice = actions.do_generate_notice(world.office, world.inspection)
    response = login(world.office).get(f"/notices/{notice.pk}/download/pdf/", follow=True)
    assert "没有找到 LibreOffice" in response.content.decode()


def test_publication_writes_its_files_only_after_commit(world):
    """A publication rolled back (here: never committed) leaves no Word or Excel file behind."""
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(
        world.office, notice, notice.version, title=notice.title, body=notice.body, **contacts()
    )
    actions.do_submit_notice(world.office, notice, notice.version)
    actions.do_approve_notice(world.leader, notice, notice.version)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        actions.do_publish_notice(world.office, notice, notice.version)
    notice.refresh_from_db()
    storage = notice.published_file.storage
    assert notice.published_file.name and not storage.exists(notice.published_file.name)
    assert callbacks
    for callback in callbacks:
        callback()
    assert storage.exists(notice.published_file.name)
