"""One base for "N个工作日" (core.workdays.working_days_deadline): the measure form, bulk
assignment and the Excel import give the same day for the same words — counted from the
inspection's feedback date, or from today when it has none — across the National Day
holiday (1–7 October 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exchange.helpers import workbook_bytes
from zhenggai.core.workdays import BASE_HELP
from zhenggai.exchange.importing import run_import
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_HOLIDAY = dt.date(2026, 9, 25)
FIVE_WORKING_DAYS_LATER = dt.date(2026, 10, 9)  # 28–30 Sept, then 8 and 9 October


@pytest.fixture(params=["feedback", "today"])
def base(request, world, monkeypatch):
    """Either the inspection's feedback date is that Friday, or it has none and today is."""
    if request.param == "feedback":
        world.inspection.feedback_date = FRIDAY_BEFORE_HOLIDAY
    else:
        world.inspection.feedback_date = None
        monkeypatch.setattr(timezone, "localdate", lambda *a: FRIDAY_BEFORE_HOLIDAY)
    world.inspection.save(update_fields=["feedback_date"])
    return request.param


def test_the_measure_form_counts_from_the_base(login, world, base):
    url = reverse("ledger:measure_create", args=[world.problem.pk])
    response = login(world.office).post(
        url,
        {
            "text": "建立租赁合同台账",
            "kind": "concentrated",
            "leader": world.leader.pk,
            "lead_unit": world.agri.pk,
            "working_days": "5个工作日",
        },
        follow=True,
    )
    measure = Measure.objects.get(text="建立租赁合同台账")
    assert measure.deadline == FIVE_WORKING_DAYS_LATER
    said = "反馈日期" if base == "feedback" else "今天"
    assert f"整改时限按工作日从{said}（2026年9月25日）起算" in response.content.decode()


def test_bulk_assignment_counts_from_the_base(login, world, base):
    for i in range(2):
        Measure.objects.create(problem=world.problem, text=f"导入的措施{i}")
    response = login(world.office).post(
        reverse("ledger:bulk_assign", args=[world.inspection.pk]),
        {
            "all_filtered": "on",
            "filter_query": "light=unassigned",
            "expected": "2",
            "leader": world.leader.pk,
            "lead_unit": world.agri.pk,
            "working_days": "5个工作日",
        },
        follow=True,
    )
    said = "反馈日期" if base == "feedback" else "今天"
    assert f"整改时限按工作日从{said}（2026年9月25日）起算" in response.content.decode()
    deadlines = {m.deadline for m in Measure.objects.filter(text__startswith="导入的措施")}
    assert deadlines == {FIVE_WORKING_DAYS_LATER}


def test_the_excel_import_counts_from_the_base(world, base):
    row = ["1", "", "虚构问题", "虚构措施", "leader", "农业办", "", "5个工作日"]
    run_import(world.office, world.inspection, workbook_bytes([row]))
    assert Measure.objects.get(text="虚构措施").deadline == FIVE_WORKING_DAYS_LATER


def test_every_form_states_the_base(login, world):
    client = login(world.office)
    pages = [
        reverse("ledger:measure_create", args=[world.problem.pk]),
        reverse("ledger:ledger", args=[world.inspection.pk]),
        reverse("exchange:import_upload", args=[world.inspection.pk]),
    ]
    for url in pages:
        assert BASE_HELP in client.get(url).content.decode(), url


def test_an_imported_notice_counts_from_the_base(world, base):
    from zhenggai.core import ledger_import as li
    from zhenggai.exchange.notice_facts import measure_facts

    facts = measure_facts(
        {"deadline": "5个工作日内完成"},
        {},
        li.Names("单位", []),
        world.inspection.feedback_date,
        timezone.localdate(),
    )
    assert facts.deadline == FIVE_WORKING_DAYS_LATER
