"""Day by day across a measure's life, the ladder sends each reminder exactly once,
by email (a real aiosmtpd server) and to group robots (a real local HTTP server)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f
from tests.notify.servers import RobotServer, SMTPServer, free_port
from zhenggai.ledger.models import Measure
from zhenggai.notify.models import Channel, OrgWebhook, OutboundMessage, Preference
from zhenggai.oversight.tick import run_tick

pytestmark = pytest.mark.django_db

D = dt.date(2026, 12, 31)  # the measure's deadline in the world fixture


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    yield server
    server.stop()


@pytest.fixture
def robots(settings):
    server = RobotServer().start()
    settings.ZHENGGAI = {**settings.ZHENGGAI, "WEBHOOK_ALLOWLIST": [server.url]}
    yield server
    server.stop()


@pytest.fixture
def ladder_world(world, robots):
    """Only ``world.measure`` is open; every person on its ladder has both channels."""
    Measure.objects.exclude(pk=world.measure.pk).update(status=Measure.Status.CLOSED)
    Measure.objects.filter(pk=world.measure.pk).update(last_progress_on=D - dt.timedelta(days=30))
    world.agri_head = f.user("agri_head", "leader", world.agri)
    world.secretary = f.user("secretary", "leader", world.town)
    world.agri.head = world.agri_head
    world.agri.save()
    world.town.head = world.secretary
    world.town.save()
    channels = {
        world.unit: Channel.WECOM,
        world.leader: Channel.DINGTALK,
        world.agri_head: Channel.WECOM,
        world.secretary: Channel.DINGTALK,
    }
    for user, kind in channels.items():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        Preference.objects.create(
            user=user, webhook_kind=kind, webhook_url=f"{robots.url}/{kind}/{user.username}"
        )
    OrgWebhook.objects.create(
        organisation=world.town, kind=Channel.WECOM, url=f"{robots.url}/wecom/town-office"
    )
    return world


def received(smtp, robots):
    mails = {(m["to"].split("@")[0], "email", m["subject"][1:5]) for m in smtp.box.messages}
    hooks = set()
    for r in robots.received:
        _, kind, who = r["path"].split("/")
        md = r["json"]["markdown"]
        text = md.get("content") or md.get("text")
        assert r["json"]["msgtype"] == "markdown"
        if kind == "dingtalk":
            assert md["title"].startswith("【")
        hooks.add((who, kind, text[3:7]))
    return mails, hooks


def test_ladder_sends_each_rung_once_on_both_channels(ladder_world, smtp, robots):
    w = ladder_world
    log = []
    day = D - dt.timedelta(days=30)
    while day <= D + dt.timedelta(days=5):
        before = (len(smtp.box.messages), len(robots.received))
        run_tick(day, bulletins=False)
        run_tick(day, bulletins=False)  # a second run the same day sends nothing more
        log.append((day, len(smtp.box.messages) - before[0], len(robots.received) - before[1]))
        day += dt.timedelta(days=1)

    sending_days = {d: (m, h) for d, m, h in log if m or h}
    assert sending_days == {
        D - dt.timedelta(days=20): (1, 1),  # notice: the unit contact
        D - dt.timedelta(days=10): (2, 2),  # yellow: unit contact and leader
        D + dt.timedelta(days=1): (3, 4),  # red: unit head, secretary, leader, office's robot
    }
    mails, hooks = received(smtp, robots)
    assert mails == {
        ("unit", "email", "到期提醒"),
        ("unit", "email", "黄灯预警"),
        ("leader", "email", "黄灯预警"),
        ("agri_head", "email", "红灯督办"),
        ("secretary", "email", "红灯督办"),
        ("leader", "email", "红灯督办"),
    }
    assert hooks == {
        ("unit", "wecom", "到期提醒"),
        ("unit", "wecom", "黄灯预警"),
        ("leader", "dingtalk", "黄灯预警"),
        ("agri_head", "wecom", "红灯督办"),
        ("secretary", "dingtalk", "红灯督办"),
        ("town-office", "wecom", "红灯督办"),
        ("leader", "dingtalk", "红灯督办"),
    }
    assert all(f"/measures/{w.measure.pk}/" in m["body"] for m in smtp.box.messages)
    assert OutboundMessage.objects.filter(status="sent").count() == 13
    assert not OutboundMessage.objects.exclude(status="sent").exists()


def test_failed_smtp_send_is_retried_on_the_next_tick(ladder_world, settings, robots):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    notice_day = D - dt.timedelta(days=20)

    run_tick(notice_day, bulletins=False)  # the SMTP server is down
    mail = OutboundMessage.objects.get(channel=Channel.EMAIL)
    assert (mail.status, mail.attempts) == ("failed", 1)
    assert "邮件发送失败" in mail.last_error

    server = SMTPServer(port).start()
    try:
        server.box.refuse = 1  # up, but answers 554 once
        run_tick(notice_day + dt.timedelta(days=1), bulletins=False)
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == ("failed", 2)
        assert "554" in mail.last_error

        run_tick(notice_day + dt.timedelta(days=2), bulletins=False)
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == ("sent", 3)
        assert [m["to"] for m in server.box.messages] == ["unit@example.org"]

        run_tick(notice_day + dt.timedelta(days=3), bulletins=False)
        assert len(server.box.messages) == 1
    finally:
        server.stop()


def test_retries_stop_at_the_cap(ladder_world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.ZHENGGAI = {**settings.ZHENGGAI, "NOTIFY_MAX_ATTEMPTS": 2}
    OrgWebhook.objects.all().delete()
    Preference.objects.update(webhook_url="")
    for i in range(4):
        run_tick(D - dt.timedelta(days=20 - i), bulletins=False)
    assert OutboundMessage.objects.get().attempts == 2


def test_daily_digest_bundles_a_users_items_into_one_message(world, smtp):
    for i in range(3):
        f.measure(world.problem, world.agri, world.leader, deadline=D, text=f"措施{i}")
    Measure.objects.exclude(deadline=D).update(status=Measure.Status.CLOSED)
    Measure.objects.update(last_progress_on=D - dt.timedelta(days=25))
    world.unit.email = "unit@example.org"
    world.unit.save(update_fields=["email"])
    Preference.objects.create(user=world.unit, digest=True)

    run_tick(D - dt.timedelta(days=20), bulletins=False)
    run_tick(D - dt.timedelta(days=20), bulletins=False)

    assert len(smtp.box.messages) == 1
    digest = smtp.box.messages[0]
    assert "共4项" in digest["subject"]
    assert digest["body"].count("到期提醒") == 4
    assert OutboundMessage.objects.filter(status="digested").count() == 4


def test_a_send_interrupted_by_a_crash_is_retried_not_lost(ladder_world, smtp, robots):
    from django.utils import timezone

    from zhenggai.notify.queue import STUCK_AFTER, send_due

    run_tick(D - dt.timedelta(days=20), bulletins=False)
    sent_before = len(smtp.box.messages)
    message = OutboundMessage.objects.filter(channel=Channel.EMAIL).first()
    # A tick that died after claiming the row leaves it "sending".
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, claimed_at=timezone.now() - STUCK_AFTER * 2
    )
    send_due()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(smtp.box.messages) == sent_before + 1


def test_a_row_being_sent_right_now_is_left_alone(ladder_world, smtp):
    from django.utils import timezone

    from zhenggai.notify.queue import send_due

    run_tick(D - dt.timedelta(days=20), bulletins=False)
    message = OutboundMessage.objects.filter(channel=Channel.EMAIL).first()
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENDING, claimed_at=timezone.now()
    )
    send_due()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENDING


def test_a_user_sets_their_own_reminder_channels(world, login):
    from django.urls import reverse

    client = login(world.unit)
    url = reverse("notify:preferences")
    response = client.post(url, {"email_enabled": "on", "webhook_kind": "wecom", "webhook_url": ""})
    assert "请填写机器人的 Webhook 地址" in response.content.decode()
    response = client.post(
        url,
        {
            "webhook_kind": "dingtalk",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=x",
            "digest": "on",
        },
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=world.unit)
    assert pref.digest and not pref.email_enabled and pref.webhook_kind == "dingtalk"
