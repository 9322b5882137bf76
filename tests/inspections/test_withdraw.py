"""Withdrawing an inspection entered by mistake: audited, hidden everywhere, never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhenggai.access import inspections_for, measures_for, problems_for
from zhenggai.audit.models import AuditEvent
from zhenggai.inspections.actions import do_withdraw_inspection
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure
from zhenggai.lib.errors import WorkflowError

pytestmark = pytest.mark.django_db


def test_the_office_withdraws_a_mistaken_inspection_with_a_reason(login, world):
    client = login(world.office)
    url = reverse("inspections:withdraw", args=[world.inspection.pk])
    assert "确认撤回" in client.get(url).content.decode()
    response = client.post(url, {"reason": "重复导入"})
    assert response["Location"] == reverse("inspections:list")
    inspection = Inspection.objects.get(pk=world.inspection.pk)
    assert inspection.withdrawn_at is not None and inspection.withdrawn_by == world.office
    assert inspection.withdrawal_reason == "重复导入"
    event = AuditEvent.objects.get(action="inspection.withdraw")
    assert event.object_id == str(inspection.pk) and "重复导入" in event.note
    # Never deleted: the problems and measures are all still there.
    assert Measure.objects.filter(problem__inspection=inspection).count() == 3


def test_a_withdrawn_inspection_leaves_every_list_and_count(login, world):
    do_withdraw_inspection(world.office, world.inspection, reason="误建")
    for user in (world.office, world.oversight, world.unit, world.leader, world.admin):
        assert world.inspection not in inspections_for(user)
        assert not measures_for(user).filter(problem__inspection=world.inspection).exists()
        assert not problems_for(user).filter(inspection=world.inspection).exists()
    client = login(world.office)
    assert world.inspection.title not in client.get(reverse("inspections:list")).content.decode()
    detail = reverse("inspections:detail", args=[world.inspection.pk])
    assert client.get(detail).status_code == 404


def test_withdrawing_needs_a_reason_and_happens_once(world):
    with pytest.raises(WorkflowError, match="原因"):
        do_withdraw_inspection(world.office, world.inspection, reason=" ")
    do_withdraw_inspection(world.office, world.inspection, reason="误建")
    with pytest.raises(WorkflowError, match="已经撤回"):
        do_withdraw_inspection(world.office, world.inspection, reason="误建")


def test_units_and_leaders_cannot_withdraw(login, world):
    url = reverse("inspections:withdraw", args=[world.inspection.pk])
    for user in (world.unit, world.leader, world.oversight):
        assert login(user).post(url, {"reason": "误建"}).status_code == 403
    assert Inspection.objects.get(pk=world.inspection.pk).withdrawn_at is None


def test_tick_neither_tracks_lights_nor_writes_bulletins_for_a_withdrawn_inspection(world):
    import datetime as dt

    from zhenggai.oversight.models import Bulletin, LightChange
    from zhenggai.oversight.tick import run_tick

    do_withdraw_inspection(world.office, world.inspection, reason="误建")
    run_tick(dt.date(2026, 6, 15), send=False, bulletins=True)
    assert not LightChange.objects.filter(measure__problem__inspection=world.inspection).exists()
    assert not Bulletin.objects.filter(inspection=world.inspection).exists()
    assert LightChange.objects.filter(measure=world.other_measure).exists()
