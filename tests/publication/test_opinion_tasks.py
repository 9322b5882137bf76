"""A public opinion routed to a measure or a unit becomes that unit's task; the unit
drafts the reply, the office approves it, the sender reads it on the receipt page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhenggai.audit.models import ACTION_LABELS, AuditEvent
from zhenggai.notify.models import Notification
from zhenggai.publication import actions
from zhenggai.publication.actions import NoticeError
from zhenggai.publication.models import PublicComment

pytestmark = pytest.mark.django_db
TEXT = "东村集体鱼塘的租金多年未公开，请核查。"
CONTACT = "13800000000 张先生"


@pytest.fixture
def opinion(world, published):
    return actions.do_submit_opinion(published, text=TEXT, contact=CONTACT)


def test_routing_to_a_measure_makes_it_a_task_of_its_lead_unit(world, opinion, login):
    actions.do_route_opinion(world.office, opinion, measure=world.measure)
    opinion.refresh_from_db()
    assert opinion.unit == world.agri and opinion.status == PublicComment.Status.ROUTED
    note = Notification.objects.get(user=world.unit, kind="opinion")
    assert TEXT in note.body and CONTACT not in note.body + note.title
    unit = login(world.unit)
    tasks = unit.get(reverse("publication:opinion_tasks")).content.decode()
    assert opinion.receipt_code in tasks
    page = unit.get(reverse("publication:opinion", args=[opinion.pk])).content.decode()
    assert TEXT in page and CONTACT not in page and "拟写答复" in page
    # Another unit sees nothing of it.
    other = login(world.other_unit)
    assert other.get(reverse("publication:opinion", args=[opinion.pk])).status_code == 404


def test_the_unit_drafts_the_office_approves_and_the_sender_reads_it(world, opinion, login, client):
    actions.do_route_opinion(world.office, opinion, unit=world.agri)
    unit = login(world.unit)
    unit.post(
        reverse("publication:opinion", args=[opinion.pk]),
        {"draft": "1", "reply": "已公开鱼塘租金，张贴于村务公开栏。"},
    )
    opinion.refresh_from_db()
    assert opinion.status == PublicComment.Status.DRAFTED
    assert Notification.objects.filter(user=world.office, kind="reply").exists()
    code = opinion.receipt_code
    client.logout()
    receipt = client.get(reverse("public:receipt"), {"code": code}).content.decode()
    assert "张贴于村务公开栏" not in receipt  # a draft is not an answer yet
    office = login(world.office)
    page = office.get(reverse("publication:opinion", args=[opinion.pk])).content.decode()
    assert "同意并答复" in page and "张贴于村务公开栏" in page
    office.post(
        reverse("publication:opinion", args=[opinion.pk]),
        {"answer": "1", "reply": "已公开鱼塘租金，张贴于村务公开栏。"},
    )
    opinion.refresh_from_db()
    assert opinion.status == PublicComment.Status.REPLIED
    client.logout()
    receipt = client.get(reverse("public:receipt"), {"code": code}).content.decode()
    assert "已答复" in receipt and "张贴于村务公开栏" in receipt


def test_only_the_routed_unit_drafts(world, opinion):
    actions.do_route_opinion(world.office, opinion, unit=world.agri)
    with pytest.raises(NoticeError):
        actions.do_draft_reply(world.other_unit, opinion, "我们来答复")


def test_history_speaks_chinese_sentences(world, opinion):
    actions.do_route_opinion(world.office, opinion, measure=world.measure)
    event = AuditEvent.objects.get(action="opinion.route")
    assert event.label == "转办群众意见"
    assert event.note.startswith("将群众意见（回执码") and "农业办" in event.note
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert codes <= set(ACTION_LABELS)
