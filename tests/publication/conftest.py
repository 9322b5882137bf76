import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from zhenggai.publication import actions
from zhenggai.publication.models import Notice


def contacts(today=None):
    today = today or timezone.localdate()
    return dict(
        disclosure_start=today - dt.timedelta(days=1),
        disclosure_end=today + dt.timedelta(days=13),
        phone="0000-7654321",
        phone_hours="工作日9:00-17:00",
        postal_address="青山镇府前路8号镇巡察整改办",
        envelope_words="对青山镇党委巡察整改的意见建议",
        postcode="510999",
        email="qingshan@example.cn",
        signature="中共青山镇委员会",
    )


def publish(world, notice=None):
    """Generate (or take) a notice and walk it to published, as the office and leader."""
    notice = notice or actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(
        world.office, notice, notice.version, title=notice.title, body=notice.body, **contacts()
    )
    actions.do_submit_notice(world.office, notice, notice.version)
    actions.do_approve_notice(world.leader, notice, notice.version)
    # Files are written once the transaction commits (the test's own never does).
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.do_publish_notice(world.office, notice, notice.version)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    return notice


@pytest.fixture
def published(world):
    return publish(world)
