"""Events that ask someone to act reach their bell, and their email through a real SMTP
server; robot addresses are limited to the robot services; users set their own channels."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
from urllib.parse import quote_plus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.ledger.files import PDF
from tests.ledger.test_actions import closed_measure, fresh
from tests.notify.servers import SMTPServer
from zhenggai.audit.models import AuditEvent
from zhenggai.core.lights import Light
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload, WorkflowError
from zhenggai.ledger.models import ClosureRequest, Measure, Recheck
from zhenggai.notify import webhooks
from zhenggai.notify.forms import PreferenceForm
from zhenggai.notify.models import Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    yield server
    server.stop()


def test_assigning_a_measure_rings_the_units_bell_and_emails_its_contact(
    world, smtp, django_capture_on_commit_callbacks
):
    world.unit.email = "nongye@example.cn"
    world.unit.save()
    with django_capture_on_commit_callbacks(execute=True):
        m = actions.do_create_measure(
            world.office,
            world.problem,
            text="建立租赁合同台账",
            leader=world.leader,
            lead_unit=world.agri,
            deadline=timezone.localdate(),
        )
    note = Notification.objects.get(user=world.unit)
    assert note.kind == "assigned" and note.measure == m and note.read_at is None
    assert "问题1" in note.title  # named by problem code, not by a database id
    assert Notification.objects.filter(user=world.leader, kind="assigned").exists()
    assert not Notification.objects.filter(user=world.office).exists()  # not told of own act
    [mail] = smtp.box.messages
    assert mail["to"] == "nongye@example.cn" and "新交办整改措施" in mail["subject"]
    assert f"/measures/{m.pk}/" in mail["body"]


def test_every_closure_step_tells_the_next_person(world):
    m = world.measure
    actions.do_post_progress(
        world.unit, m, date=timezone.localdate(), text="已清查", files=[Upload("a.pdf", PDF)]
    )
    c = actions.do_request_closure(world.unit, fresh(m), note="全部完成")
    assert Notification.objects.filter(user=world.office, kind="review").count() == 1
    actions.do_review_closure(world.office, c, accept=False, checklist={}, reason="缺少清单")
    assert Notification.objects.filter(user=world.unit, kind="returned").count() == 1
    c = actions.do_request_closure(world.unit, fresh(m), note="补充了清单")
    actions.do_review_closure(
        world.office, c, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    assert Notification.objects.filter(user=world.leader, kind="approval").count() == 1
    assert Notification.objects.filter(user=world.unit, kind="accepted").count() == 1
    actions.do_approve_closure(world.leader, ClosureRequest.objects.get(pk=c.pk), approve=True)
    assert Notification.objects.filter(user=world.unit, kind="approved").count() == 1


def test_the_requester_cannot_review_and_the_reviewer_cannot_approve(world):
    m = world.measure
    actions.do_post_progress(
        world.office, m, date=timezone.localdate(), text="代报", files=[Upload("a.pdf", PDF)]
    )
    c = actions.do_request_closure(world.office, fresh(m), note="整改办代为申请")
    with pytest.raises(WorkflowError, match="申请人"):
        actions.do_review_closure(
            world.office, c, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
        )
    actions.do_review_closure(
        world.admin, c, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    with pytest.raises(WorkflowError, match="审核"):
        actions.do_approve_closure(world.admin, ClosureRequest.objects.get(pk=c.pk), approve=True)
    assert fresh(m).status == Measure.Status.CLOSURE_REQUESTED


def test_a_relapse_reopens_without_deadline_and_asks_the_office_for_one(world):
    m = closed_measure(world)
    recheck = m.rechecks.order_by("due").first()
    actions.do_record_recheck(
        world.oversight,
        recheck,
        result=Recheck.Result.RELAPSED,
        note="租金再次拖欠",
        checked_on=timezone.localdate(),
    )
    m = fresh(m)
    assert m.deadline is None and m.compute_light() is Light.UNASSIGNED
    ask = Notification.objects.get(user=world.office, kind="relapse")
    assert ask.url == reverse("ledger:measure_edit", args=[m.pk])
    reopen = AuditEvent.objects.get(measure=m, action="measure.reopen")
    assert reopen.before["deadline"] == "2026-12-31" and "重新确定整改时限" in reopen.note


def test_due_rechecks_remind_the_office_once(world):
    from zhenggai.ledger.reminders import rechecks_due

    m = closed_measure(world)
    recheck = m.rechecks.order_by("due").first()
    assert rechecks_due(recheck.due) == 1
    assert rechecks_due(recheck.due) == 0  # keyed: a second tick adds nothing
    assert Notification.objects.get(user=world.office, kind="recheck").measure == m


@pytest.mark.parametrize(
    "url",
    [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        "https://127.0.0.1/robot",
        "https://10.0.0.8/robot",
        "https://example.com/robot/send",
        "https://oapi.dingtalk.com:8443/robot/send",
        "https://user:pw@oapi.dingtalk.com/robot/send",
    ],
)
def test_robot_addresses_other_than_the_robot_services_are_refused(world, url):
    form = PreferenceForm(
        {"webhook_kind": "wecom", "webhook_url": url, "email_enabled": "on"},
        instance=Preference(user=world.unit),
        user=world.unit,
    )
    assert not form.is_valid() and "webhook_url" in form.errors


def test_a_robot_host_resolving_to_a_private_address_is_refused_at_send_time(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.5", 443))],
    )
    with pytest.raises(webhooks.UnsafeWebhook, match="内部地址"):
        webhooks.check_resolved("https://oapi.dingtalk.com/robot/send?access_token=t")


def test_dingtalk_posts_carry_the_signature_of_the_secret():
    signed = webhooks.dingtalk_signed(
        "https://oapi.dingtalk.com/robot/send?access_token=t", "SEC1", 1
    )
    digest = hmac.new(b"SEC1", b"1\nSEC1", hashlib.sha256).digest()
    assert signed.endswith(f"&timestamp=1&sign={quote_plus(base64.b64encode(digest))}")


def test_a_user_sets_their_own_email_and_sends_a_test(world, login, smtp, monkeypatch):
    resolve = socket.getaddrinfo

    def offline(host, *args, **kwargs):
        if host != "127.0.0.1":
            raise socket.gaierror("无网络（测试）")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", offline)  # hermetic: the robot is unreachable
    client = login(world.unit)
    response = client.post(
        reverse("notify:preferences"),
        {
            "email": "lianluo@example.cn",
            "email_enabled": "on",
            "webhook_kind": "dingtalk",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "webhook_secret": "SECabc",
        },
    )
    assert response.status_code == 302
    world.unit.refresh_from_db()
    assert world.unit.email == "lianluo@example.cn"
    saved = AuditEvent.objects.get(action="notify.preferences")
    assert saved.after["webhook_secret"] == "******"  # the secret is not in the log
    response = client.post(reverse("notify:test"), follow=True)
    text = response.content.decode()
    assert "测试消息已通过邮件发送到 lianluo@example.cn" in text
    assert "钉钉发送失败" in text  # no network here: the robot fails with its reason shown
    assert [m["to"] for m in smtp.box.messages] == ["lianluo@example.cn"]
    assert AuditEvent.objects.filter(action="notify.test").count() == 1


def test_the_bell_shows_unread_and_opening_marks_read(world, login):
    n = Notification.objects.create(
        user=world.unit, kind="assigned", title="新交办", url=world.measure.get_absolute_url()
    )
    client = login(world.unit)
    assert 'hx-get="/notifications/bell/"' in client.get(reverse("home")).content.decode()
    assert 'class="badge">1<' in client.get(reverse("notify:bell")).content.decode()
    response = client.post(reverse("notify:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == n.url
    n.refresh_from_db()
    assert n.read_at is not None
    assert "badge" not in client.get(reverse("notify:bell")).content.decode()


def test_a_notice_sent_for_approval_waits_under_the_secretarys_bell(world):
    from zhenggai.publication import actions as pub

    notice = pub.do_generate_notice(world.office, world.inspection)
    pub.do_submit_notice(world.office, notice, notice.version)
    # 青山镇 has no head recorded: its leaders may approve, and both are told.
    assert set(
        Notification.objects.filter(kind="notice").values_list("user__username", flat=True)
    ) >= {"leader", "leader2"}
