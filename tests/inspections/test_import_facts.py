"""Importing a notice keeps every fact it prints: who was inspected, the targets, lead
units, deadlines and progress; nothing before confirm; no second copy of a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories as f
from tests.core.table_notices import table_notice
from tests.inspections.notice_fixture import NOTICE
from zhenggai.audit.models import AuditEvent
from zhenggai.exchange.notice_import import do_import_notice
from zhenggai.inspections.models import Inspection, NoticeImport
from zhenggai.ledger.models import Measure, ProgressUpdate
from zhenggai.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db


def _upload(client, name, data, **extra):
    return client.post(
        reverse("inspections:import_upload"), {"file": SimpleUploadedFile(name, data), **extra}
    )


@pytest.fixture
def shiqiao(world):
    """石桥镇 with the units its table notice names, and its office."""
    town = f.org("石桥镇党委", world.city, f.Cat.REGION, f.Kind.COMMITTEE)
    town.short_name = "石桥镇"
    town.save()
    for name in ("镇党政办", "镇组织办", "镇财政所"):
        f.org(name, town)
    office = f.user("shiqiao_office", User.Role.OFFICE, town)
    return town, office


def test_a_word_table_notice_becomes_a_ledger_with_units_deadlines_and_progress(login, shiqiao):
    town, office = shiqiao
    client = login(office)
    response = _upload(client, "通报.docx", table_notice())
    preview = client.get(response["Location"]).content.decode()
    assert "石桥镇党委（系统中已有：石桥镇党委）" in preview
    assert "责任单位：镇党政办 · 整改时限：2024年9月30日" in preview
    response = client.post(response["Location"], {"organisation": "t0", "target_0": "on"})
    inspection = Inspection.objects.get(title__contains="石桥镇")
    assert response["Location"] == reverse("ledger:ledger", args=[inspection.pk])
    assert inspection.organisation == town and list(inspection.targets.all()) == [town]
    measures = Measure.objects.filter(problem__inspection=inspection).order_by("pk")
    assert [(m.lead_unit.name, m.deadline, m.kind) for m in measures] == [
        ("镇党政办", dt.date(2024, 9, 30), Measure.Kind.CONCENTRATED),
        ("镇党政办", None, Measure.Kind.LONG_TERM),
        ("镇组织办", dt.date(2024, 8, 31), Measure.Kind.CONCENTRATED),
        ("镇财政所", dt.date(2024, 9, 30), Measure.Kind.CONCENTRATED),
        ("镇财政所", dt.date(2024, 9, 30), Measure.Kind.CONCENTRATED),
    ]
    first = ProgressUpdate.objects.filter(measure=measures[0]).get()
    assert (first.date, first.text) == (dt.date(2024, 10, 8), "已修订学习制度")
    assert measures[0].status == Measure.Status.IN_PROGRESS


def test_a_ledger_block_notice_puts_its_fields_on_the_measures(world):
    """The parser gives a ledger block's fields on the problem (as its JSON does)."""
    agri = world.agri
    parsed = {
        "title": "关于整改进展情况的通报",
        "published": "2025-09-01",
        "inspection": {"group": "市委第一巡察组", "feedback": "2025-06-10", "targets": []},
        "aspects": [],
        "problems": [
            {
                "label": "1.",
                "code": "问题3",
                "title": "农田水利设施管护不到位",
                "aspects": [],
                "long_term": False,
                "lead_unit": "农业办、财政所",
                "deadline": "2025年12月31日前",
                "progress": "已修复灌渠2.3公里",
                "measures": [
                    {"label": None, "text": "逐村排查灌渠", "lead_unit": None, "deadline": None}
                ],
            }
        ],
    }
    inspection, summary = do_import_notice(world.office, parsed, organisation=world.town)
    problem = inspection.problems.get()
    assert (problem.code, problem.label) == ("问题3", "1.")
    measure = problem.measures.get()
    assert measure.lead_unit == agri and list(measure.co_units.all()) == [world.finance]
    assert measure.deadline == dt.date(2025, 12, 31)
    update = ProgressUpdate.objects.get(measure=measure)
    assert (update.date, update.text) == (dt.date(2025, 9, 1), "已修复灌渠2.3公里")
    assert summary.progress_posted == 1 and not summary.units_unresolved


def test_unknown_units_are_named_in_the_summary_not_dropped_silently(world):
    parsed = {
        "inspection": {"targets": []},
        "problems": [
            {
                "title": "问题甲",
                "measures": [{"text": "措施甲", "lead_unit": "镇规划办", "deadline": "长期坚持"}],
            }
        ],
    }
    _, summary = do_import_notice(world.office, parsed, organisation=world.town)
    assert summary.units_unresolved == ["镇规划办"]
    assert "镇规划办" in summary.message()


def test_an_organisation_the_tree_lacks_is_proposed_and_created_only_on_confirm(login, world):
    client = login(world.office)
    response = _upload(client, "通报.docx", table_notice())
    before = Organisation.objects.count()
    preview = client.get(response["Location"]).content.decode()
    assert "石桥镇党委（系统中没有，确认后新建于“青山镇党委”之下）" in preview
    assert Organisation.objects.count() == before and not Inspection.objects.filter(
        title__contains="石桥镇"
    )
    client.post(response["Location"], {"organisation": "t0", "target_0": "on"})
    created = Organisation.objects.get(name="石桥镇党委")
    assert created.parent == world.town and created.category == Organisation.Category.REGION
    assert Inspection.objects.get(title__contains="石桥镇").organisation == created
    assert AuditEvent.objects.filter(action="organisation.create", object_id=created.pk).exists()


def test_without_a_printed_organisation_the_office_must_choose_one(login, world):
    text = NOTICE.replace("对青山镇党委开展了常规巡察", "开展了常规巡察")
    client = login(world.office)
    response = _upload(client, "通报.txt", text.encode())
    url = response["Location"]
    assert 'value="" selected' in client.get(url).content.decode()
    inspections = Inspection.objects.count()
    response = client.post(url, {"organisation": ""})
    assert response.status_code == 400 and "请选择被巡察党组织" in response.content.decode()
    assert Inspection.objects.count() == inspections
    client.post(url, {"organisation": f"o{world.village.pk}"})
    assert Inspection.objects.order_by("-pk").first().organisation == world.village


def test_a_file_without_problems_says_so_and_creates_nothing(login, world):
    response = _upload(
        login(world.office), "随笔.txt", "今天开了一个会。\n会上讨论了工作。".encode()
    )
    assert response.status_code == 400
    assert "没有识别出任何问题，未导入任何内容" in response.content.decode()
    assert not NoticeImport.objects.exists()


def test_the_same_notice_again_offers_to_update_its_inspection(login, world):
    client = login(world.office)
    first = _upload(client, "通报.txt", NOTICE.encode())
    client.post(first["Location"], {"organisation": f"o{world.town.pk}"})
    inspection = Inspection.objects.order_by("-pk").first()
    count = (Inspection.objects.count(), Measure.objects.count())
    # The same file, and the same notice saved in another encoding (same title and issuer).
    for data in (NOTICE.encode(), NOTICE.encode("gb18030")):
        again = _upload(client, "通报（再次）.txt", data)
        page = client.get(again["Location"]).content.decode()
        assert "该通报已经导入过" in page and inspection.title in page
        client.post(again["Location"], {"mode": "update", "organisation": ""})
        assert (Inspection.objects.count(), Measure.objects.count()) == count
    # The office may still insist on a new round.
    third = _upload(client, "通报.txt", NOTICE.encode())
    client.post(third["Location"], {"mode": "new", "organisation": f"o{world.town.pk}"})
    assert Inspection.objects.count() == count[0] + 1


def test_a_withdrawn_import_is_not_offered_for_update(login, world):
    from zhenggai.inspections.actions import do_withdraw_inspection

    client = login(world.office)
    first = _upload(client, "通报.txt", NOTICE.encode())
    client.post(first["Location"], {"organisation": f"o{world.town.pk}"})
    do_withdraw_inspection(world.office, Inspection.objects.order_by("-pk").first(), reason="误建")
    again = _upload(client, "通报.txt", NOTICE.encode())
    assert "该通报已经导入过" not in client.get(again["Location"]).content.decode()


def test_villages_of_a_village_round_become_targets_with_their_own_ledgers(world):
    from zhenggai.inspections.targets import plan_targets

    parsed = {
        "inspection": {"targets": ["东村党支部", "柳塘村党支部"]},
        "aspects": [
            {"label": "（一）", "title": "东村党支部"},
            {"label": "（二）", "title": "柳塘村党支部"},
        ],
        "problems": [
            {
                "title": "村务公开不及时",
                "aspects": ["东村党支部"],
                "measures": [{"text": "按季公开"}],
            },
            {
                "title": "资产台账不全",
                "aspects": ["柳塘村党支部"],
                "measures": [{"text": "重新登记"}],
            },
        ],
    }
    targets = plan_targets(parsed["inspection"]["targets"], world.town)
    inspection, summary = do_import_notice(
        world.office,
        parsed,
        organisation=world.town,
        targets=targets,
        variant=Inspection.Variant.VILLAGE,
    )
    liutang = Organisation.objects.get(name="柳塘村党支部")
    assert liutang.parent == world.town and summary.organisations_created == ["柳塘村党支部"]
    assert set(inspection.targets.all()) == {world.village, liutang}
    assert inspection.variant == Inspection.Variant.VILLAGE
    leads = dict(
        Measure.objects.filter(problem__inspection=inspection).values_list("text", "lead_unit")
    )
    assert leads == {"按季公开": world.village.pk, "重新登记": liutang.pk}


def test_the_command_takes_the_named_organisations_it_finds_and_lists_the_rest(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "通报.docx"
    path.write_bytes(table_notice())
    out = StringIO()
    call_command("import_notice", str(path), "--organisation", str(world.town.pk), stdout=out)
    assert "未加入：石桥镇党委" in out.getvalue()
    inspection = Inspection.objects.order_by("-pk").first()
    assert inspection.organisation == world.town and not inspection.targets.exists()
