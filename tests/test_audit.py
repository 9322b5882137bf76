"""The audit log is a hash chain that detects a quiet rewrite."""

import pytest

from zhenggai.audit.integrity import verify_history
from zhenggai.audit.log import record
from zhenggai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_recorded_events_form_a_valid_chain(world):
    record(world.office, "measure.create", world.measure, after={"status": "not_started"})
    record(world.unit, "measure.progress", world.measure, before={"a": 1}, after={"a": 2})
    assert AuditEvent.objects.filter(measure=world.measure).count() == 2
    assert verify_history().ok


def test_editing_a_stored_event_breaks_the_chain(world):
    record(world.office, "measure.create", world.measure, after={"status": "not_started"})
    record(world.office, "measure.update", world.measure, after={"deadline": "2026-12-31"})
    first = AuditEvent.objects.first()
    AuditEvent.objects.filter(pk=first.pk).update(after={"status": "closed"})
    assert verify_history().first_bad_event_id == first.pk
