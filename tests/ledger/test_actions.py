"""The workflow actions: every transition, its audit event, and what is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.ledger.files import PDF, PNG, docx_bytes
from zhenggai.audit.integrity import verify_history
from zhenggai.audit.models import AuditEvent
from zhenggai.inspections import actions as inspection_actions
from zhenggai.ledger import actions
from zhenggai.ledger.actions import StaleEdit, Upload, WorkflowError
from zhenggai.ledger.models import ClosureRequest, Evidence, Measure, Recheck

pytestmark = pytest.mark.django_db
S = Measure.Status


def fresh(m):
    return Measure.objects.get(pk=m.pk)


def closed_measure(world):
    m = world.measure
    actions.do_post_progress(
        world.unit, m, date=timezone.localdate(), text="已清查", files=[Upload("a.pdf", PDF)]
    )
    c = actions.do_request_closure(world.unit, fresh(m), note="全部完成")
    actions.do_review_closure(
        world.office, c, accept=True, checklist=dict.fromkeys(actions.CHECKLIST, True)
    )
    actions.do_approve_closure(world.leader, ClosureRequest.objects.get(pk=c.pk), approve=True)
    return fresh(m)


def test_posting_progress_starts_the_measure_and_records_the_date(world):
    update = actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="已清查合同 12 份",
        figures=[{"label": "清查合同", "value": 12, "unit": "份"}],
        files=[Upload("清单.pdf", PDF)],
    )
    m = fresh(world.measure)
    assert m.status == S.IN_PROGRESS and m.last_progress_on == timezone.localdate()
    assert update.evidence.get().sha256 and update.figures[0]["value"] == 12
    assert AuditEvent.objects.filter(measure=m, action="measure.progress").exists()


def test_progress_dated_in_the_future_is_refused(world):
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        actions.do_post_progress(
            world.unit, world.measure, date=timezone.localdate() + dt.timedelta(days=1), text="x"
        )


def test_a_renamed_file_is_refused_and_nothing_is_saved(world):
    with pytest.raises(WorkflowError, match="与扩展名"):
        actions.do_post_progress(
            world.unit,
            world.measure,
            date=timezone.localdate(),
            text="x",
            files=[Upload("ok.pdf", PDF), Upload("照片.pdf", PNG)],
        )
    assert not Evidence.objects.exists()
    assert not world.measure.updates.exists()


def test_an_executable_is_refused_whatever_its_name(world):
    with pytest.raises(WorkflowError, match="无法识别"):
        actions.do_post_progress(
            world.unit,
            world.measure,
            date=timezone.localdate(),
            text="x",
            files=[Upload("报告.docx", b"MZ\x90\x00" + b"\x00" * 60)],
        )


def test_a_file_over_the_size_limit_gets_a_clear_message(world, settings):
    settings.ZHENGGAI = {**settings.ZHENGGAI, "EVIDENCE_MAX_BYTES": 1024 * 1024}
    big = PDF + b"0" * (2 * 1024 * 1024)
    with pytest.raises(WorkflowError, match=r"超过了 1 MB 的上限"):
        actions.do_post_progress(
            world.unit,
            world.measure,
            date=timezone.localdate(),
            text="x",
            files=[Upload("大文件.pdf", big)],
        )


def test_office_documents_are_recognised_by_content(world):
    actions.do_post_progress(
        world.unit,
        world.measure,
        date=timezone.localdate(),
        text="x",
        files=[Upload("方案.docx", docx_bytes()), Upload("照片.png", PNG)],
    )
    kinds = set(Evidence.objects.values_list("content_type", flat=True))
    assert "image/png" in kinds and any("wordprocessingml" in k for k in kinds)


def test_closure_needs_evidence(world):
    with pytest.raises(WorkflowError, match="佐证材料"):
        actions.do_request_closure(world.unit, world.measure, note="完成")


def test_full_closure_closes_the_measure_and_schedules_rechecks(world):
    m = closed_measure(world)
    assert m.status == S.CLOSED and m.closed_on == timezone.localdate()
    dues = list(Recheck.objects.filter(measure=m).values_list("due", flat=True))
    assert len(dues) == 2 and dues[0] < dues[1]
    trail = list(AuditEvent.objects.filter(measure=m).values_list("action", flat=True))
    assert (
        trail[-3:] == ["closure.request", "closure.accept", "closure.approve"]
        or "closure.approve" in trail
    )
    assert verify_history().ok


def test_a_returned_request_goes_back_to_in_progress_with_its_reason(world):
    actions.do_post_progress(
        world.unit, world.measure, date=timezone.localdate(), text="x", files=[Upload("a.pdf", PDF)]
    )
    c = actions.do_request_closure(world.unit, fresh(world.measure), note="完成")
    actions.do_review_closure(world.office, c, accept=False, checklist={}, reason="缺少合同清单")
    c.refresh_from_db()
    assert c.stage == ClosureRequest.Stage.RETURNED and c.return_reason == "缺少合同清单"
    assert fresh(world.measure).status == S.IN_PROGRESS


def test_review_cannot_accept_without_the_checklist(world):
    actions.do_post_progress(
        world.unit, world.measure, date=timezone.localdate(), text="x", files=[Upload("a.pdf", PDF)]
    )
    c = actions.do_request_closure(world.unit, fresh(world.measure), note="完成")
    with pytest.raises(WorkflowError, match="审核要点"):
        actions.do_review_closure(world.office, c, accept=True, checklist={"evidence": True})


def test_a_relapse_found_by_a_recheck_reopens_the_measure(world):
    m = closed_measure(world)
    first = m.rechecks.order_by("due").first()
    actions.do_record_recheck(
        world.oversight,
        first,
        result=Recheck.Result.RELAPSED,
        note="租金再次拖欠",
        checked_on=timezone.localdate(),
    )
    m = fresh(m)
    assert m.status == S.IN_PROGRESS and m.closed_on is None
    reopen = AuditEvent.objects.get(measure=m, action="measure.reopen")
    assert reopen.after["recheck"] == first.pk
    assert m.closures.filter(stage=ClosureRequest.Stage.APPROVED).exists()  # history kept


def test_second_editor_with_an_old_version_is_refused_and_first_edit_kept(world):
    m = world.measure
    first = Measure.objects.get(pk=m.pk)
    second = Measure.objects.get(pk=m.pk)
    actions.do_update_measure(world.office, first, first.version, text="第一位的修改")
    with pytest.raises(StaleEdit, match="已被他人修改"):
        actions.do_update_measure(world.admin, second, second.version, text="第二位的修改")
    assert fresh(m).text == "第一位的修改" and fresh(m).version == 2


def test_bulk_assignment_changes_every_selected_measure(world):
    n = actions.do_bulk_assign(
        world.office,
        [world.measure, world.finance_measure],
        leader=world.leader2,
        deadline=dt.date(2027, 1, 31),
    )
    assert n == 2
    assert set(
        Measure.objects.filter(pk__in=[world.measure.pk, world.finance_measure.pk]).values_list(
            "leader", "deadline"
        )
    ) == {(world.leader2.pk, dt.date(2027, 1, 31))}


def test_long_term_milestones_complete_one_by_one_while_the_measure_stays_open(world):
    m = actions.do_create_measure(
        world.office,
        world.problem,
        text="长效机制",
        kind=Measure.Kind.LONG_TERM,
        leader=world.leader,
        lead_unit=world.agri,
        milestones=[("第一阶段", dt.date(2026, 12, 1)), ("第二阶段", dt.date(2027, 6, 1))],
    )
    first = m.milestones.order_by("due").first()
    actions.do_complete_milestone(world.unit, first, done_on=timezone.localdate())
    assert fresh(m).status != S.CLOSED
    with pytest.raises(WorkflowError):
        actions.do_complete_milestone(world.unit, first, done_on=timezone.localdate())


def test_carry_over_cannot_point_to_the_same_round_or_form_a_loop(world):
    from tests import factories as f

    earlier = f.inspection(world.town, "上一轮巡察")
    old = f.problem(earlier, "旧问题")
    inspection_actions.do_update_problem(world.office, world.problem, carried_from=old)
    with pytest.raises(WorkflowError, match="以前"):
        inspection_actions.do_update_problem(
            world.office, f.problem(world.inspection, "同轮"), carried_from=world.problem
        )
    with pytest.raises(WorkflowError, match="循环"):
        inspection_actions.do_update_problem(world.office, old, carried_from=world.problem)


def test_registers_are_audited_and_titles_get_book_title_marks(world):
    reg = actions.do_add_regulation(
        world.office,
        world.inspection,
        title="集体资产租赁管理办法",
        kind="new",
        problems=[world.problem],
    )
    assert reg.title == "《集体资产租赁管理办法》"
    assert AuditEvent.objects.filter(action="regulation.create").exists()
