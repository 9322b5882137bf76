"""The 历史校验 page and the warning a failed check puts on the measure and inspection pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from zhenggai.audit.integrity import verify_history
from zhenggai.audit.log import record
from zhenggai.audit.models import AuditEvent, ChainVerification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_earlier_press():
    cache.clear()
    yield
    cache.clear()


def tamper(world) -> AuditEvent:
    """Edit one recorded event directly in the database, as an attacker with SQL would."""
    record(world.office, "measure.update", world.measure, after={"text": "甲"})
    event = record(world.office, "measure.update", world.measure, after={"text": "乙"})
    AuditEvent.objects.filter(pk=event.pk).update(note="悄悄改过")
    return event


def test_a_failed_check_warns_on_the_measure_and_inspection_pages(login, world):
    event = tamper(world)
    measure_url = world.measure.get_absolute_url()
    inspection_url = world.inspection.get_absolute_url()
    verify_history()  # the daily tick's check, say
    for user in (world.office, world.unit, world.oversight):
        client = login(user)
        for url in (measure_url, inspection_url):
            page = client.get(url).content.decode()
            if user == world.unit and url == inspection_url:
                continue
            assert "历史校验未通过" in page and f"#{event.pk}" in page, (user, url)
            assert "联系系统管理员" in page  # what it means and who to call
    # A later check that passes again (the row repaired from a backup) lifts the warning.
    AuditEvent.objects.filter(pk=event.pk).update(note="")
    ChainVerification.objects.all().delete()
    assert verify_history().ok
    assert "历史校验未通过" not in login(world.office).get(measure_url).content.decode()


def test_the_office_and_oversight_read_the_last_check_and_its_history(login, world):
    verify_history()
    event = tamper(world)
    verify_history()
    url = reverse("history:verification")
    for user in (world.office, world.oversight, world.admin):
        page = login(user).get(url).content.decode()
        assert "校验未通过" in page and f"第一条异常记录为 #{event.pk}" in page
        assert "完好" in page  # the earlier result in the history
        assert "立即校验" in page
        # The problems may name other organisations' records: details for administrators.
        assert ("哈希值不符" in page) == (user == world.admin)
    for user in (world.unit, world.leader):
        assert login(user).get(url).status_code == 403
    home = login(world.oversight).get(reverse("inspections:list")).content.decode()
    assert url in home  # in the menu


def test_check_now_runs_once_is_audited_and_rate_limited(login, world):
    client = login(world.office)
    url = reverse("history:verify_now")
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url, follow=True)
    assert "历史记录完好" in response.content.decode()
    runs = ChainVerification.objects.filter(trigger=ChainVerification.Trigger.PAGE)
    assert runs.count() == 1
    event = AuditEvent.objects.get(action="history.verify")
    assert event.actor == world.office and event.after["ok"] is True
    again = login(world.oversight).post(url, follow=True).content.decode()
    assert "分钟只能立即校验一次" in again and runs.count() == 1
    assert login(world.unit).post(url).status_code == 403
