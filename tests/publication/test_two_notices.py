"""One ledger, two notices: what is marked 不宜公开 never reaches the public."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests import factories as f
from tests.publication.conftest import publish
from zhenggai.audit.models import AuditEvent
from zhenggai.core.notice_docx import render_docx
from zhenggai.inspections.models import Withholding
from zhenggai.ledger.actions import do_post_progress
from zhenggai.ledger.models import Accountability, Regulation
from zhenggai.publication import actions
from zhenggai.publication.disclosure import DisclosureError, do_set_withholding
from zhenggai.publication.generate import generated_document, notice_document
from zhenggai.publication.models import Notice

pytestmark = pytest.mark.django_db
SECRET = "涉案资金去向不明"
SECRET_RULE = "举报人保护细则"
SECRET_FIGURE = "暗访线索7条"
LEAKS = (SECRET, "配合纪委调查", SECRET_RULE, SECRET_FIGURE)


@pytest.fixture
def marked(world):
    """A second problem, marked 未结案件, with its measure and an accountability entry."""
    problem = f.problem(world.inspection, SECRET, code="问题2", order=1)
    f.measure(problem, world.village, world.leader, text="配合纪委调查涉案资金")
    do_set_withholding(world.office, problem, Withholding.OPEN_CASE)
    entry = Accountability.objects.create(
        inspection=world.inspection, kind=Accountability.Kind.ADMONISH, count=2, target="某某"
    )
    do_set_withholding(world.office, entry, Withholding.PRIVACY)
    Accountability.objects.create(
        inspection=world.inspection, kind=Accountability.Kind.TALK, count=1
    )
    # A regulation and the figures of a public measure's progress, both marked.
    regulation = Regulation.objects.create(inspection=world.inspection, title=SECRET_RULE)
    do_set_withholding(world.office, regulation, Withholding.HARM)
    Regulation.objects.create(inspection=world.inspection, title="村级财务公开办法")
    update = do_post_progress(
        world.office,
        world.measure,
        date=timezone.localdate(),
        text="已清查租赁合同",
        figures=[{"label": SECRET_FIGURE[:4], "value": 7, "unit": "条"}],
    )
    do_set_withholding(world.office, update, Withholding.OPEN_CASE)
    world.inspection.targets.add(world.village)
    return problem


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_the_internal_notice_has_the_marked_problem_and_the_public_one_does_not(world, marked):
    internal = generated_document(world.inspection, public=False).to_text()
    public = generated_document(world.inspection).to_text()
    assert all(secret in internal for secret in LEAKS)
    assert not any(secret in public for secret in LEAKS)
    assert "已清查租赁合同" in public and "村级财务公开办法" in public  # the rest stays
    # Counts add up to what each prints: 2 problems and 4 measures inside, 1 and 3 outside.
    assert "将2个反馈问题细化为4项整改措施" in internal
    assert "将1个反馈问题细化为3项整改措施" in public
    assert "问责追责3人次" in internal and "诫勉2人次" in internal
    assert "问责追责1人次（其中约谈1人次）" in public and "诫勉" not in public


def test_the_public_notice_says_how_many_it_leaves_out_only_when_the_office_chooses(
    world, marked, tmp_path
):
    quiet = generated_document(world.inspection).to_text()
    assert "将1个反馈问题细化为3项整改措施" in quiet and "不宜公开" not in quiet
    noted = generated_document(world.inspection, note_withheld=True).to_text()
    # Everything counted, and the omitted part named: 2 − 1 problems and 4 − 1 measures printed.
    assert "将2个反馈问题细化为4项整改措施（其中1个问题、1项整改措施不宜公开" in noted
    assert SECRET not in noted and "配合纪委调查" not in noted
    # The internal notice prints everything and never notes anything.
    internal = generated_document(world.inspection, public=False, note_withheld=True).to_text()
    assert "将2个反馈问题细化为4项整改措施" in internal and "不宜公开" not in internal


def test_the_generate_form_and_the_command_offer_the_note_default_off(
    world, marked, login, tmp_path
):
    client = login(world.office)
    page = client.get(reverse("publication:list")).content.decode()
    assert (
        'name="note_withheld"' in page
        and "checked" not in page.split('name="note_withheld"')[1][:20]
    )
    url = reverse("publication:generate", args=[world.inspection.pk])
    client.post(url, {"audience": "public"})
    client.post(url, {"audience": "public", "note_withheld": "1"})
    plain, noted = Notice.objects.order_by("id")
    assert not plain.note_withheld and "不宜公开" not in plain.body
    assert noted.note_withheld and "其中1个问题、1项整改措施不宜公开" in noted.body
    # Regenerating keeps the office's choice.
    actions.do_regenerate_notice(world.office, noted, noted.version)
    assert "其中1个问题、1项整改措施不宜公开" in noted.body
    for flags, expect in ((["--fresh"], False), (["--note-withheld"], True)):
        out = tmp_path / "n.txt"
        call_command(
            "notice",
            str(world.inspection.pk),
            "-f",
            "txt",
            "-o",
            str(out),
            *flags,
            stdout=io.StringIO(),
        )
        assert ("其中1个问题、1项整改措施不宜公开" in out.read_text()) is expect
    call_command(
        "notice",
        str(world.inspection.pk),
        "-f",
        "txt",
        "-o",
        str(out),
        "--internal",
        stdout=io.StringIO(),
    )
    assert SECRET in out.read_text()


def test_published_notice_word_attachments_and_opinion_form_leave_the_marked_problem_out(
    world, marked, client
):
    notice = publish(world)
    assert notice.is_public
    word = Document(notice.published_file.open("rb"))
    word_text = "\n".join(p.text for p in word.paragraphs)
    assert not any(secret in word_text for secret in LEAKS)
    attachments = list(notice.attachments.all())
    assert attachments, "the village's ledger is attached"
    for a in attachments:
        sheet = xlsx_text(a.file.open("rb").read())
        assert not any(secret in sheet for secret in LEAKS)
    page = client.get(reverse("public:notice", args=[notice.pk])).content.decode()
    assert not any(secret in page for secret in LEAKS)
    assert "清查全部租赁合同" in page  # the public measures are offered on the form
    index = client.get(reverse("public:index")).content.decode()
    assert not any(secret in index for secret in LEAKS)


def test_an_internal_notice_is_never_published(world, marked):
    notice = actions.do_generate_notice(
        world.office, world.inspection, audience=Notice.Audience.INTERNAL
    )
    assert SECRET in notice.body
    with pytest.raises(actions.NoticeError, match="党内通报不公开发布"):
        publish(world, notice)


def test_a_problem_marked_after_generation_blocks_publication_until_regenerated(world):
    notice = actions.do_generate_notice(world.office, world.inspection)
    do_set_withholding(world.office, world.problem, Withholding.HARM)
    assert any("不宜公开" in m for m in actions.publish_problems(notice))
    actions.do_regenerate_notice(world.office, notice, notice.version)
    assert "集体资产租赁管理不规范" not in notice.body
    assert not any("不宜公开" in m for m in actions.publish_problems(notice))
    word = Document(io.BytesIO(render_docx(notice_document(notice))))
    assert "集体资产租赁" not in "\n".join(p.text for p in word.paragraphs)


def test_marking_needs_a_listed_reason_and_words_for_other_and_is_audited(world):
    with pytest.raises(DisclosureError):
        do_set_withholding(world.office, world.problem, "secret-ish")
    with pytest.raises(DisclosureError, match="其他"):
        do_set_withholding(world.office, world.problem, Withholding.OTHER)
    do_set_withholding(world.office, world.measure, Withholding.OTHER, "涉及举报人")
    assert world.measure.withheld_reason == "其他（涉及举报人）"
    event = AuditEvent.objects.get(action="withholding.set")
    assert event.measure_id == world.measure.pk and "涉及举报人" in event.note


def test_office_marks_from_the_problem_page(world, login):
    client = login(world.office)
    page = client.get(reverse("inspections:problem", args=[world.problem.pk])).content.decode()
    assert "不宜公开理由" in page
    url = reverse("publication:withhold", args=["problem", world.problem.pk])
    client.post(url, {"reason": Withholding.STATE_SECRET})
    world.problem.refresh_from_db()
    assert world.problem.withheld_reason == "国家秘密"
    unit = login(world.unit).post(url, {"reason": ""})
    assert unit.status_code == 403


def test_office_marks_register_entries_on_the_registers_page(world, login):
    entry = Regulation.objects.create(inspection=world.inspection, title=SECRET_RULE)
    entry.problems.add(world.problem)
    page_url = reverse("ledger:registers", args=[world.inspection.pk])
    client = login(world.office)
    page = client.get(page_url).content.decode()
    mark_url = reverse("publication:withhold", args=["regulation", entry.pk])
    assert mark_url in page
    response = client.post(mark_url, {"reason": Withholding.PRIVACY})
    assert response.url == f"{page_url}#regulation-{entry.pk}"
    entry.refresh_from_db()
    assert entry.withheld_reason == "个人隐私"
    assert "不宜公开（个人隐私）" in client.get(page_url).content.decode()
    event = AuditEvent.objects.get(action="withholding.set")
    assert event.object_id == str(entry.pk) and "个人隐私" in event.note
    # A unit contact sees the entry but neither the form nor the right to mark.
    unit = login(world.unit)
    assert mark_url not in unit.get(page_url).content.decode()
    assert unit.post(mark_url, {"reason": ""}).status_code == 403
    entry.refresh_from_db()
    assert entry.withheld == Withholding.PRIVACY
    login(world.office).post(mark_url, {"reason": ""})
    entry.refresh_from_db()
    assert not entry.is_withheld


def test_office_marks_a_progress_updates_figures_on_the_measure_page(world, login):
    update = do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="已清查租赁合同",
        figures=[{"label": "暗访线索", "value": 7, "unit": "条"}],
    )
    client = login(world.office)
    mark_url = reverse("publication:withhold", args=["progress", update.pk])
    assert mark_url in client.get(world.measure.get_absolute_url()).content.decode()
    response = client.post(mark_url, {"reason": Withholding.OTHER, "note": "线索尚在核查"})
    assert response.url.endswith(f"#update-{update.pk}")
    update.refresh_from_db()
    assert update.withheld_reason == "其他（线索尚在核查）"
    event = AuditEvent.objects.get(action="withholding.set")
    assert event.measure_id == world.measure.pk and "数据不宜公开" in event.note
    assert SECRET_FIGURE in generated_document(world.inspection, public=False).to_text()
    public = generated_document(world.inspection).to_text()
    assert SECRET_FIGURE not in public and "已清查租赁合同" in public


def test_figures_or_a_regulation_marked_after_generation_block_publication(world):
    update = do_post_progress(
        world.office,
        world.measure,
        date=timezone.localdate(),
        text="已清查租赁合同",
        figures=[{"label": "暗访线索", "value": 7, "unit": "条"}],
    )
    regulation = Regulation.objects.create(inspection=world.inspection, title=SECRET_RULE)
    notice = actions.do_generate_notice(world.office, world.inspection)
    assert SECRET_FIGURE in notice.body and SECRET_RULE in notice.body
    do_set_withholding(world.office, update, Withholding.OPEN_CASE)
    do_set_withholding(world.office, regulation, Withholding.HARM)
    problems = "；".join(actions.publish_problems(notice))
    assert SECRET_FIGURE in problems and SECRET_RULE in problems
    actions.do_regenerate_notice(world.office, notice, notice.version)
    assert SECRET_FIGURE not in notice.body and SECRET_RULE not in notice.body
    assert not any("不宜公开" in m for m in actions.publish_problems(notice))


@pytest.mark.parametrize("note_withheld", [False, True])
def test_the_quality_check_reads_a_public_notices_counts_as_it_counts_them(
    world, marked, note_withheld
):
    from zhenggai.publication.quality import notice_findings

    actions.do_generate_notice(world.office, world.inspection, note_withheld=note_withheld)
    assert notice_findings(world.inspection) == []


def test_the_internal_notice_invites_no_public_opinions(world):
    internal = actions.do_generate_notice(
        world.office, world.inspection, audience=Notice.Audience.INTERNAL
    )
    text = notice_document(internal).to_text()
    assert "诚请社会各界" not in text and "公开期限" not in text and "联系电话" not in text
    assert text.rstrip().splitlines()[-2] == internal.signature  # then the date
    public = generated_document(world.inspection).to_text()
    assert "诚请社会各界" in public and "公开期限" in public
