"""The workflow through its pages: forms, messages, refusals, downloads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.ledger.files import PDF, PNG
from zhenggai.core.workdays import working_days_deadline
from zhenggai.inspections import actions as inspection_actions
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import ClosureRequest, Evidence, Measure

pytestmark = pytest.mark.django_db


def edit_data(world, measure, **over):
    data = {
        "label": "",
        "text": measure.text,
        "kind": measure.kind,
        "leader": world.leader.pk,
        "lead_unit": world.agri.pk,
        "deadline": "2026-12-31",
        "version": measure.version,
    }
    data.update(over)
    return data


def test_office_creates_a_measure_with_a_working_day_deadline(login, world):
    client = login(world.office)
    url = reverse("ledger:measure_create", args=[world.problem.pk])
    response = client.post(
        url,
        {
            "text": "建立租赁合同台账",
            "kind": "concentrated",
            "leader": world.leader.pk,
            "lead_unit": world.agri.pk,
            "co_units": [world.finance.pk],
            "working_days": "１０个工作日",
        },
    )
    assert response.status_code == 302
    m = Measure.objects.get(text="建立租赁合同台账")
    expected = working_days_deadline(
        10, feedback=world.inspection.feedback_date, today=timezone.localdate()
    )
    assert m.deadline == expected.date and list(m.co_units.all()) == [world.finance]


def test_measure_without_deadline_gets_a_chinese_error(login, world):
    url = reverse("ledger:measure_create", args=[world.problem.pk])
    response = login(world.office).post(
        url,
        {
            "text": "x",
            "kind": "concentrated",
            "leader": world.leader.pk,
            "lead_unit": world.agri.pk,
        },
    )
    assert "请填写整改时限" in response.content.decode()


def test_second_save_of_a_stale_form_is_refused_and_keeps_what_was_typed(login, world):
    client = login(world.office)
    url = reverse("ledger:measure_edit", args=[world.measure.pk])
    old_version = world.measure.version
    assert client.post(url, edit_data(world, world.measure, text="甲的修改")).status_code == 302
    response = client.post(
        url, edit_data(world, world.measure, text="乙的修改", version=old_version)
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "已被他人修改" in page and "乙的修改" in page
    assert Measure.objects.get(pk=world.measure.pk).text == "甲的修改"


def test_unit_posts_progress_with_figures_and_a_file(login, world):
    client = login(world.unit)
    response = client.post(
        reverse("ledger:progress", args=[world.measure.pk]),
        {
            "date": "2026年11月20日",
            "text": "清查完成",
            "figures": "清理合同 12 宗\n收回欠租 3.5 万元",
            "files": [SimpleUploadedFile("清单.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    update = world.measure.updates.get()
    assert update.date == dt.date(2026, 11, 20)
    assert update.figures == [
        {"label": "清理合同", "value": 12, "unit": "宗"},
        {"label": "收回欠租", "value": 3.5, "unit": "万元"},
    ]


def test_bad_figure_line_is_named_and_nothing_is_saved(login, world):
    response = login(world.unit).post(
        reverse("ledger:progress", args=[world.measure.pk]),
        {
            "date": "2026-11-20",
            "text": "x",
            "figures": "清理合同 12 宗\n很多",
            "files": [SimpleUploadedFile("清单.pdf", PDF)],
        },
    )
    assert response.status_code == 400
    assert "第2行" in response.content.decode()
    assert not world.measure.updates.exists() and not Evidence.objects.exists()


def test_wrong_file_type_message_names_the_file(login, world):
    response = login(world.unit).post(
        reverse("ledger:progress", args=[world.measure.pk]),
        {
            "date": "2026-11-20",
            "text": "x",
            "files": [SimpleUploadedFile("照片.pdf", PNG)],
        },
    )
    assert response.status_code == 400 and "照片.pdf" in response.content.decode()


def test_evidence_downloads_only_for_those_who_see_the_measure(login, world, client):
    actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="x",
        files=[Upload("清单.pdf", PDF)],
    )
    evidence = Evidence.objects.get()
    url = reverse("ledger:evidence", args=[evidence.pk])
    response = login(world.leader).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.other_unit)
    assert client.get(url).status_code == 404


def test_the_same_file_on_two_measures_is_flagged_to_the_reviewer(login, world):
    actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="x",
        files=[Upload("清单.pdf", PDF)],
    )
    actions.do_post_progress(
        world.other_unit,
        world.finance_measure,
        date=timezone.localdate(),
        text="y",
        files=[Upload("另一个名字.pdf", PDF)],
    )
    page = (
        login(world.office).get(reverse("ledger:measure", args=[world.measure.pk])).content.decode()
    )
    assert "同一文件也作为其他措施的佐证材料上传过" in page


def test_office_returns_a_request_and_the_unit_sees_the_reason(login, world, client):
    actions.do_post_progress(
        world.unit, world.measure, date=timezone.localdate(), text="x", files=[Upload("a.pdf", PDF)]
    )
    closure = actions.do_request_closure(
        world.unit, Measure.objects.get(pk=world.measure.pk), note="完成"
    )
    response = login(world.office).post(
        reverse("ledger:closure_review", args=[closure.pk]),
        {"decision": "return", "reason": "请补充现场照片"},
    )
    assert response.status_code == 302
    client.force_login(world.unit)
    page = client.get(reverse("ledger:measure", args=[world.measure.pk])).content.decode()
    assert "退回理由：请补充现场照片" in page


def test_leader_sees_pending_approvals_in_the_queue(login, world):
    actions.do_post_progress(
        world.unit, world.measure, date=timezone.localdate(), text="x", files=[Upload("a.pdf", PDF)]
    )
    closure = actions.do_request_closure(
        world.unit, Measure.objects.get(pk=world.measure.pk), note="完成"
    )
    actions.do_review_closure(
        world.office, closure, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    page = login(world.leader).get(reverse("ledger:closures")).content.decode()
    assert "审批" in page and world.measure.text in page
    response = login(world.leader).post(
        reverse("ledger:closure_approve", args=[closure.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert ClosureRequest.objects.get(pk=closure.pk).stage == ClosureRequest.Stage.APPROVED


def test_registers_page_shows_totals_and_unit_can_add_for_its_problem(login, world):
    client = login(world.unit)
    response = client.post(
        reverse("ledger:register_add", args=[world.inspection.pk, "recovery"]),
        {
            "recovery-kind": "rent",
            "recovery-amount_wan_yuan": "12.5",
            "recovery-problems": [world.problem.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("ledger:registers", args=[world.inspection.pk])).content.decode()
    assert "12.50" in page


def test_problem_page_shows_derived_status_and_carry_over_chain(login, world):
    earlier = f.inspection(world.town, "上一轮巡察")
    old = f.problem(earlier, "旧问题")
    inspection_actions.do_update_problem(world.office, world.problem, carried_from=old)
    page = (
        login(world.office)
        .get(reverse("inspections:problem", args=[world.problem.pk]))
        .content.decode()
    )
    assert "正在推进" in page and "上一轮巡察" in page
    carried = login(world.office).get(reverse("ledger:carry_over")).content.decode()
    assert "旧问题" in carried


def test_office_registers_a_problem_under_an_aspect(login, world):
    aspect = world.problem.aspect
    response = login(world.office).post(
        reverse("inspections:problem_create", args=[world.inspection.pk]),
        {
            "aspect": aspect.pk,
            "code": "问题９",
            "title": "公车管理不规范。",
            "detail": "",
        },
    )
    assert response.status_code == 302
    problem = world.inspection.problems.get(code="问题9")
    assert problem.title == "公车管理不规范"


def test_rechecks_page_lists_due_and_overdue_checks(login, world):
    from zhenggai.ledger.models import Recheck

    Recheck.objects.create(measure=world.measure, due=timezone.localdate() - dt.timedelta(days=3))
    page = login(world.oversight).get(reverse("ledger:rechecks")).content.decode()
    assert "已逾期" in page


def test_units_are_not_shown_which_other_measures_share_a_file(login, world):
    actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="x",
        files=[Upload("清单.pdf", PDF)],
    )
    actions.do_post_progress(
        world.other_unit,
        world.finance_measure,
        date=timezone.localdate(),
        text="y",
        files=[Upload("另一个名字.pdf", PDF)],
    )
    page = (
        login(world.unit).get(reverse("ledger:measure", args=[world.measure.pk])).content.decode()
    )
    assert "同一文件" not in page and f"措施 #{world.finance_measure.pk}" not in page


def test_bulk_assignment_over_the_whole_filtered_list_with_working_days(login, world):
    from zhenggai.ledger.models import Measure

    for i in range(3):
        Measure.objects.create(problem=world.problem, text=f"导入的措施{i}")
    client = login(world.office)
    url = reverse("ledger:bulk_assign", args=[world.inspection.pk])
    data = {
        "all_filtered": "on",
        "filter_query": "light=unassigned",
        "expected": "3",
        "leader": world.leader.pk,
        "lead_unit": world.agri.pk,
        "working_days": "15个工作日",
    }
    client.post(url, {**data, "expected": "4"})  # the list changed since: refused
    assert Measure.objects.filter(leader__isnull=True).count() == 3
    client.post(url, data)
    due = working_days_deadline(
        15, feedback=world.inspection.feedback_date, today=timezone.localdate()
    ).date
    assigned = Measure.objects.filter(text__startswith="导入的措施")
    assert {(m.leader_id, m.lead_unit_id, m.deadline) for m in assigned} == {
        (world.leader.pk, world.agri.pk, due)
    }
