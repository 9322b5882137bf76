"""Sub-headings inside a problem survive the notice import as measure groups: in the
preview, on the stored measures, in the ledger, on the measure page and in the notice
generated from the ledger."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.core.group_notice import SONGGANG
from tests.corpus import require_corpus
from zhenggai.core.notices import parse_file, parse_text
from zhenggai.exchange.notice_import import do_import_notice
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db


def _river(inspection):
    return inspection.problems.get(title__contains="河道保洁")


def test_imported_measures_keep_their_sub_heading(world):
    inspection, _ = do_import_notice(
        world.office, parse_text(SONGGANG).to_dict(), organisation=world.town
    )
    measures = list(_river(inspection).measures.order_by("order"))
    assert [(m.group, m.label) for m in measures] == [
        ("关于上游支流垃圾堆积", "一是"),
        ("关于上游支流垃圾堆积", "二是"),
        ("关于沿河排污口底数不清", "一是"),
        ("关于沿河排污口底数不清", "二是"),
    ]


def test_a_sentence_repeated_under_two_sub_headings_is_imported_twice_and_matched_on_reimport(
    world,
):
    parsed = parse_text(SONGGANG).to_dict()
    inspection, _ = do_import_notice(world.office, parsed, organisation=world.town)
    assert _river(inspection).measures.filter(text="建立保洁台账。").count() == 2
    before = Measure.objects.count()
    _, summary = do_import_notice(world.office, parsed, inspection=inspection)
    assert Measure.objects.count() == before and summary.measures_created == 0


def test_seed_sub_headings_leave_no_problem_with_two_identical_measures(world):
    """Seed 002 lists sub-headings inside its problems (its 13th problem has three, two of
    them opening with the same sentence): every measure stays distinguishable."""
    seed = next(require_corpus("seeds").glob("002_*"))
    parsed = parse_file(seed).to_dict()
    thirteenth = next(p for p in parsed["problems"] if p["label"] == "13.")
    inspection, _ = do_import_notice(world.office, parsed, organisation=world.town)
    problem = inspection.problems.get(label="13.")
    measures = list(problem.measures.order_by("order"))
    assert len(measures) == len(thirteenth["measures"])
    assert len({m.group for m in measures}) == 3 and all(m.group for m in measures)
    for each in inspection.problems.all():
        pairs = Counter((m.group, m.text) for m in each.measures.all())
        assert max(pairs.values()) == 1, each.title


def test_preview_ledger_and_measure_page_show_the_sub_heading(login, world):
    client = login(world.office)
    response = client.post(
        reverse("inspections:import_upload"),
        {"file": SimpleUploadedFile("松岗镇通报.txt", SONGGANG.encode())},
    )
    preview = client.get(response["Location"]).content.decode()
    assert '<p class="measure-group">（1）关于护林员配备不足，巡山频次偏低方面</p>' in preview
    client.post(response["Location"], {"organisation": f"o{world.town.pk}"})
    measure = Measure.objects.get(text="新聘护林员14名。")
    ledger = client.get(reverse("ledger:ledger", args=[measure.problem.inspection_id]))
    html = ledger.content.decode()
    assert html.count('<tr class="measure-group"><th colspan="8">关于上游支流垃圾堆积') == 1
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "（1）关于护林员配备不足，巡山频次偏低方面" in page
    problem_page = client.get(measure.problem.get_absolute_url()).content.decode()
    assert '<tr class="measure-group"><th colspan="6">（2）对于防火通道年久失修</th></tr>' in (
        problem_page
    )
