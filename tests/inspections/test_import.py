"""Importing a parsed notice into a ledger: tree, no duplicates, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.corpus import CORPUS, require_corpus
from tests.inspections.notice_fixture import NOTICE
from zhenggai.core.notices import parse_file, parse_text
from zhenggai.exchange.notice_import import do_import_notice
from zhenggai.inspections.models import Inspection, NoticeImport, Problem
from zhenggai.ledger import actions
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db
SEEDS = CORPUS / "seeds"


def counts():
    return (Inspection.objects.count(), Problem.objects.count(), Measure.objects.count())


def test_a_notice_becomes_an_inspection_with_aspects_problems_and_measures(world):
    inspection, summary = do_import_notice(
        world.office, parse_text(NOTICE).to_dict(), organisation=world.town
    )
    assert inspection.group == "市委第一巡察组"
    assert str(inspection.feedback_date) == "2025-06-10"
    problems = list(inspection.problems.order_by("order"))
    assert [p.title for p in problems][:2] == ["理论学习不够深入", "乡村振兴项目推进缓慢"]
    assert problems[0].aspect.title.startswith("关于贯彻落实上级决策部署方面")
    assert [p.measures.count() for p in problems] == [2, 3, 2, 1]
    assert problems[3].long_term and problems[3].measures.get().kind == Measure.Kind.LONG_TERM
    assert summary.problems_created == 4 and summary.measures_created == 8


def test_importing_the_same_notice_again_duplicates_nothing(world):
    parsed = parse_text(NOTICE).to_dict()
    inspection, _ = do_import_notice(world.office, parsed, organisation=world.town)
    before = counts()
    _, summary = do_import_notice(world.office, parsed, inspection=inspection)
    assert counts() == before
    assert summary.problems_matched == 4 and summary.measures_matched == 8


def test_labels_printed_in_the_notice_are_not_stored_with_the_texts(world):
    """A parser's titles and texts still carrying their labels are stored without them."""
    parsed = {
        "title": "关于虚构镇巡察整改的通报",
        "problems": [
            {
                "title": "（三）问题5：村务公开不及时",
                "measures": [{"text": "一是每月公开村务"}, {"text": "2.建立公开台账"}],
            },
            {"title": "2026年集体收入未入账", "code": "问题6", "measures": []},
        ],
    }
    inspection, _ = do_import_notice(world.office, parsed, organisation=world.town)
    first, second = inspection.problems.order_by("order", "id")
    assert (first.title, first.code) == ("村务公开不及时", "问题5")
    assert second.title == "2026年集体收入未入账"  # a year is not a label
    texts = list(first.measures.order_by("order", "id").values_list("label", "text"))
    assert texts == [("一是", "每月公开村务"), ("2.", "建立公开台账")]
    # Imported again, with or without the labels, nothing is duplicated.
    parsed["problems"][0]["title"] = "村务公开不及时"
    _, again = do_import_notice(world.office, parsed, inspection=inspection)
    assert again.problems_created == 0 and again.measures_created == 0


def test_a_failed_import_leaves_nothing_behind(world, monkeypatch):
    before = counts()
    real = actions.do_create_measure
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "do_create_measure", failing)
    with pytest.raises(RuntimeError):
        do_import_notice(world.office, parse_text(NOTICE).to_dict(), organisation=world.town)
    assert counts() == before


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")) or ["(no seeds)"])
def test_every_seed_imports_all_its_problems_and_measures(world, name):
    require_corpus("seeds")
    notice = parse_file(SEEDS / name).to_dict()
    inspection, _ = do_import_notice(world.office, notice, organisation=world.town)
    assert inspection.problems.count() == len(notice["problems"])
    assert Measure.objects.filter(problem__inspection=inspection).count() == sum(
        len(p["measures"]) for p in notice["problems"]
    )


def test_office_uploads_previews_corrects_and_confirms(login, world):
    client = login(world.office)
    response = client.post(
        reverse("inspections:import_upload"),
        {
            "file": SimpleUploadedFile("通报.txt", NOTICE.encode("gb18030")),
        },
    )
    assert response.status_code == 302
    staged = NoticeImport.objects.get()
    assert counts()[1] == 1 + 1  # only the world's own problems: nothing imported yet
    page = client.get(response["Location"]).content.decode()
    assert "识别出问题 4 个、整改措施 8 项" in page
    response = client.post(response["Location"], {"title_0": "理论学习深度不够", "skip_2": "on"})
    inspection = Inspection.objects.get(pk=NoticeImport.objects.get(pk=staged.pk).inspection_id)
    assert response["Location"] == reverse("ledger:ledger", args=[inspection.pk])
    titles = set(inspection.problems.values_list("title", flat=True))
    assert "理论学习深度不够" in titles and "集体资产租赁管理不规范" not in titles
    # Confirming twice does not import twice.
    client.post(reverse("inspections:import_preview", args=[staged.pk]))
    assert inspection.problems.count() == 3


def test_an_old_word_file_gets_a_chinese_message_and_nothing_is_staged(login, world):
    response = login(world.office).post(
        reverse("inspections:import_upload"),
        {
            "file": SimpleUploadedFile(
                "通报.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
            ),
        },
    )
    assert response.status_code == 400
    assert ".docx" in response.content.decode()
    assert not NoticeImport.objects.exists()


def test_cli_imports_into_an_existing_inspection(world, tmp_path, capsys):
    path = tmp_path / "通报.txt"
    path.write_text(NOTICE, encoding="utf-8")
    call_command(
        "import_notice", str(path), "--inspection", str(world.inspection.pk), "--actor", "office"
    )
    out = capsys.readouterr().out
    # The world's own problem has the same title as the notice's third: matched, not doubled.
    assert "新建问题 3 个（已有 1 个未重复导入）" in out
    assert world.inspection.problems.count() == 4
