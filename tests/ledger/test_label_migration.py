"""The data migration that strips labels an import left in stored texts (fictional rows)."""

import importlib

import pytest

from tests import factories as f
from zhenggai.inspections.models import Problem
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db
migration = importlib.import_module("zhenggai.ledger.migrations.0008_strip_stored_labels")


def test_only_leading_labels_go_and_codes_and_labels_fill_empty_fields(world):
    labelled = f.problem(world.inspection, "（三）问题5：虚构村账目不清")
    coded = f.problem(world.inspection, "问题6：虚构合同未备案", code="问题9")
    plain = f.problem(world.inspection, "2026年虚构项目未验收，涉及1.5万元")
    inner = f.problem(world.inspection, "虚构村“一是”口号流于形式（二）")
    shi = f.measure(labelled, world.agri, world.leader, text="一是清查虚构账目")
    dotted = f.measure(labelled, world.agri, world.leader, text="2.建立虚构台账")
    kept_label = f.measure(labelled, world.agri, world.leader, text="三是整改", label="（三）")
    bare = f.measure(labelled, world.agri, world.leader, text="四是")
    year = f.measure(plain, world.agri, world.leader, text="12月底前完成验收")

    changed = migration.strip_labels(Problem, Measure)

    for obj in (labelled, coded, plain, inner, shi, dotted, kept_label, bare, year):
        obj.refresh_from_db()
    assert (labelled.title, labelled.code) == ("虚构村账目不清", "问题5")
    assert (coded.title, coded.code) == ("虚构合同未备案", "问题9")  # a code stays
    assert plain.title == "2026年虚构项目未验收，涉及1.5万元"
    assert inner.title == "虚构村“一是”口号流于形式（二）"  # only a leading label goes
    assert (shi.label, shi.text) == ("一是", "清查虚构账目")
    assert (dotted.label, dotted.text) == ("2.", "建立虚构台账")
    assert (kept_label.label, kept_label.text) == ("（三）", "整改")
    assert bare.text == "四是"  # nothing but a label: kept
    assert year.text == "12月底前完成验收"
    assert changed == 5
    assert migration.strip_labels(Problem, Measure) == 0  # a second run changes nothing
