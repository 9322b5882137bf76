"""The notice generated from the demo ledger: every problem once, counts from the registers."""

import pytest

from zhenggai.demo import build_demo
from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.publication.generate import generated_document, ledger_attachments, registers

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_inspection():
    build_demo()
    return Inspection.objects.get(variant=Inspection.Variant.REGULAR)


def test_every_problem_appears_once_with_all_its_measures(demo_inspection):
    text = generated_document(demo_inspection).to_text()
    for p in Problem.objects.filter(inspection=demo_inspection):
        assert text.count(f"{p.code}：{p.title}") == 1, p.code
    lines = text.splitlines()
    measure_lines = [ln for ln in lines if ln[:2] in {"一是", "二是", "三是", "四是", "五是"}]
    assert len(measure_lines) == Measure.objects.filter(problem__inspection=demo_inspection).count()


def test_part_one_counts_match_the_registers(demo_inspection):
    reg = registers(demo_inspection)
    assert reg.meetings == 2 and reg.supervisions == 3
    assert reg.regulations_new + reg.regulations_revised == 10
    text = generated_document(demo_inspection).body_text()
    assert f"召开专题会议{reg.meetings}次" in text
    assert f"问责追责{sum(n for _, n in reg.accountability)}人次" in text


def test_one_ledger_attachment_per_village(demo_inspection):
    titles = [t for t, _ in ledger_attachments(demo_inspection)]
    assert len(titles) == 4
    assert titles[0] == "桃源村党总支巡察整改进展情况台账"
    text = generated_document(demo_inspection).to_text()
    assert "附件：\n1.桃源村党总支巡察整改进展情况台账" in text


def test_generation_costs_a_fixed_number_of_queries(demo_inspection, django_assert_max_num_queries):
    # +2 since drafts are complete: the saved contact details (else the latest notice's).
    # +7 for the completion and on-time rates: the oversight indicators' fixed set of
    # grouped queries (zhenggai.oversight.indicators.inspection_indicators), and +1 for
    # whether the tick stored today's lights (else they are computed).
    with django_assert_max_num_queries(26):
        generated_document(demo_inspection)
