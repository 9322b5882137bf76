"""One indicator set everywhere (issue 13, item 1): the overview, its export, the
dashboard, a bulletin, the notices, the rectification report and the ledger export
state the same numbers — under an organisation's own, non-default escalation policy,
and with 不宜公开 measures kept out of what a 社会通报 prints.

Like tests/test_light_consistency.py, plain Django tests (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.desk.scenario import build
from zhenggai.core.indicators import (
    COLUMNS,
    PUBLIC_KEYS,
    export_pairs,
    sentence,
    summary,
)
from zhenggai.core.lights import Light
from zhenggai.core.report import REPORT_KEYS
from zhenggai.ledger.models import Measure
from zhenggai.orgs.policy import EscalationPolicy
from zhenggai.oversight.bulletins import do_generate_bulletin
from zhenggai.oversight.indicators import inspection_indicators
from zhenggai.publication.generate import generated_document
from zhenggai.publication.report_data import report_document

pytestmark = pytest.mark.django_db


def _text(doc) -> str:
    return "\n".join(b.text for b in [*doc.body, *doc.tail])


@pytest.fixture
def ledger(world):
    """The world's inspection with the hand-counted scenario, measures whose light the
    town's policy decides (yellow 50 days ahead), and one 不宜公开 closed measure."""
    today = timezone.localdate()
    EscalationPolicy.objects.create(
        organisation=world.town, notice_days=60, yellow_days=50, stale_days=30, bulletin_days=14
    )
    insp = world.inspection
    build(world, insp)
    for days in (-3, 5, 30, 45, 80):
        f.measure(
            world.problem,
            world.agri,
            world.leader,
            deadline=today + dt.timedelta(days=days),
            last_progress_on=today,
        )
    f.measure(
        world.problem,
        world.agri,
        world.leader,
        deadline=today - dt.timedelta(days=9),
        status=Measure.Status.CLOSED,
        closed_on=today - dt.timedelta(days=2),
        withheld="privacy",
    )
    return world, insp, today


def test_every_surface_states_the_same_indicators(ledger, login):
    world, insp, today = ledger
    expected = inspection_indicators(insp, today)
    values = expected.as_dict()
    # The policy decides: under it 30 and 45 days ahead are yellow, under the default not.
    by_policy = sum(
        1
        for m in Measure.objects.filter(problem__inspection=insp)
        if m.compute_light(today) == Light.YELLOW
    )
    assert expected.counts.yellow == by_policy >= 3
    assert expected.completion_rate is not None and expected.on_time_rate is not None

    # 督导总览 and its export: the town's row (its only inspection).
    oversight = login(world.oversight)
    rows = oversight.get(reverse("oversight:overview")).context["page"].object_list
    row = next(r for r in rows if r.organisation.pk == world.town.pk)
    assert row.indicators.as_dict() == values, "督导总览"
    xlsx = oversight.get(reverse("oversight:overview"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    exported = next(r for r in sheet.iter_rows(values_only=True) if r[1] == world.town.name)
    assert list(exported[3 : 3 + len(COLUMNS)]) == row.cells, "总览导出"

    # 数据看板
    dashboard = oversight.get(reverse("oversight:dashboard", args=[insp.pk])).context["data"]
    assert dashboard["indicators"] == summary(expected), "数据看板"

    # 工作通报: frozen at generation, shown on its page and in its opening sentence.
    bulletin, _ = do_generate_bulletin(world.office, insp, today)
    assert bulletin.figures["indicators"] == values, "工作通报"
    page = oversight.get(bulletin.get_absolute_url())
    assert sentence(expected, ("completion_rate", "on_time_rate")) in page.context["summary"]

    # 党内通报 prints the rates of every measure; 社会通报 those of the public ones only.
    internal = _text(generated_document(insp, public=False))
    assert sentence(expected, PUBLIC_KEYS) in internal, "党内通报"
    public = inspection_indicators(insp, today, public=True)
    assert public.counts.closed == expected.counts.closed - 1
    assert public.completion_rate != expected.completion_rate
    published = _text(generated_document(insp, public=True))
    assert sentence(public, PUBLIC_KEYS) in published, "社会通报"
    assert sentence(expected, PUBLIC_KEYS) not in published

    # 整改情况报告: the rates with the counts, the other indicators in 主要指标.
    report = _text(report_document(insp, today))
    assert sentence(expected, PUBLIC_KEYS) in report, "整改情况报告"
    assert f"主要指标：{sentence(expected, REPORT_KEYS)}。" in report

    # 整改台账 export: the 指标汇总 sheet.
    office = login(world.office)
    book = office.get(reverse("exchange:export", args=[insp.pk, "ledger"]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(book.streaming_content)))
    assert wb.sheetnames == ["整改台账", "指标汇总"]
    pairs = [tuple(r) for r in wb["指标汇总"].iter_rows(min_row=3, values_only=True)]
    assert pairs == export_pairs(expected), "台账导出"


def test_a_unit_export_carries_no_totals_of_measures_it_may_not_see(ledger, login):
    world, insp, _ = ledger
    book = login(world.unit).get(reverse("exchange:export", args=[insp.pk, "ledger"]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(book.streaming_content)))
    assert wb.sheetnames == ["整改台账"]
