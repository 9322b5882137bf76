"""举一反三 clusters, self-check tasks, and recurrence across rounds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.core.similarity import clusters, matches
from zhenggai.inspections.models import Problem
from zhenggai.ledger.actions import WorkflowError
from zhenggai.ledger.models import Measure
from zhenggai.oversight.clusters import common_problems
from zhenggai.oversight.desk_actions import do_carry_over_unfinished, do_issue_self_checks
from zhenggai.oversight.recurrence import recurrences, unfinished_problems

pytestmark = pytest.mark.django_db
S = Measure.Status


def test_similarity_finds_pairs_and_names_the_shared_words():
    texts = [
        "村集体资产租赁合同管理不规范，租金长期欠缴",
        "集体资产出租合同签订不规范，欠缴租金未催收",
        "公务用车管理不严格，存在公车私用",
    ]
    found = matches(texts, 0.3)
    assert [(m.a, m.b) for m in found] == [(0, 1)]
    assert {"集体", "资产", "合同"} <= set(found[0].words)
    assert clusters(3, found) == [[0, 1]]


def test_clusters_span_organisations_only(world):
    f.problem(world.inspection, "集体资产出租合同签订不规范，欠缴租金未及时催收")
    f.problem(world.other_inspection, "村集体资产租赁合同管理不规范，租金欠缴")
    f.problem(world.other_inspection, "村集体资产租赁合同管理混乱，欠缴租金较多")
    found = common_problems(Problem.objects.all())
    assert len(found) == 1
    assert len(found[0].organisations) == 2
    assert "资产" in found[0].words


def test_issuing_self_checks_puts_a_problem_with_a_measure_in_each_ledger(world):
    source = f.problem(world.other_inspection, "公务用车管理不严格，存在公车私用")
    third = f.org("红岭镇党委", world.city, f.Cat.REGION, f.Kind.COMMITTEE)
    third_inspection = f.inspection(third, "红岭镇巡察")
    deadline = dt.date(2026, 12, 1)
    tasks = do_issue_self_checks(
        world.oversight,
        [world.town, third],
        sources=[source],
        title="举一反三：公车管理自查",
        measure_text="对照公车私用问题开展自查，形成自查报告",
        deadline=deadline,
        words="公车、私用",
    )
    assert len(tasks) == 2
    for org, insp in ((world.town, world.inspection), (third, third_inspection)):
        problem = Problem.objects.get(inspection=insp, code="举一反三")
        measure = problem.measures.get()
        assert (measure.deadline, measure.lead_unit) == (deadline, org)
        assert problem.self_check.sources.get() == source
    assert AuditEvent.objects.filter(action="selfcheck.issue").count() == 2
    lonely = f.org("无台账单位", world.city)
    with pytest.raises(WorkflowError, match="还没有巡察整改台账"):
        do_issue_self_checks(
            world.oversight,
            [lonely],
            sources=[source],
            title="t",
            measure_text="m",
            deadline=deadline,
        )


def test_only_the_oversight_office_issues_self_checks(world, login):
    url = reverse("oversight:self_check_issue")
    assert login(world.office).get(url, {"problems": world.problem.pk}).status_code == 403
    assert login(world.oversight).get(url, {"problems": world.problem.pk}).status_code == 200


def test_a_problem_like_an_earlier_rounds_is_flagged_with_its_status(world):
    later = f.inspection(world.town, "青山镇第二轮巡察", feedback=dt.date(2027, 3, 1))
    new = f.problem(later, "村集体资产租赁管理仍不规范，租金欠缴反弹")
    f.problem(later, "党员教育管理不严")
    found = recurrences(later)
    assert [(r.problem, r.earlier) for r in found] == [(new, world.problem)]
    assert found[0].status.label == "正在推进"
    assert not found[0].linked


def test_carry_over_all_unfinished_problems_in_one_step(world):
    done = f.problem(world.inspection, "已完成的问题")
    f.measure(done, world.agri, world.leader, status=S.CLOSED)
    f.problem(world.inspection, "还没有措施的问题")
    later = f.inspection(world.town, "青山镇第二轮巡察", feedback=dt.date(2027, 3, 1))
    assert unfinished_problems(world.inspection, exclude_carried_into=later).count() == 2
    with pytest.raises(WorkflowError, match="请重新确认"):
        do_carry_over_unfinished(world.office, later, world.inspection, expected=3)
    made = do_carry_over_unfinished(world.office, later, world.inspection, expected=2)
    assert {p.carried_from.title for p in made} == {"集体资产租赁管理不规范", "还没有措施的问题"}
    assert unfinished_problems(world.inspection, exclude_carried_into=later).count() == 0


def test_carry_over_page_confirms_the_count(world, login):
    later = f.inspection(world.town, "青山镇第二轮巡察", feedback=dt.date(2027, 3, 1))
    client = login(world.office)
    url = reverse("oversight:recurrence", args=[later.pk])
    assert "确认一次承接这 1 个问题" in client.get(url).content.decode()
    r = client.post(
        reverse("oversight:carry_over_all", args=[later.pk]),
        {"earlier": world.inspection.pk, "expected": 1, "confirm": "on"},
    )
    assert r.status_code == 302
    assert later.problems.get().carried_from == world.problem


def _cluster_page(client):
    return client.get(reverse("oversight:common_problems")).content.decode()


def test_the_common_problems_page_is_kept_until_a_problem_changes(
    world, login, django_assert_max_num_queries
):
    """The groups are kept: a second look does not compare again, yet a problem added
    or edited (a save of one field too) is seen at the next request."""
    from zhenggai.inspections.actions import do_update_problem

    a = f.problem(world.inspection, "公务用车管理不严格，存在公车私用")
    f.problem(world.other_inspection, "公车私用问题突出，公务用车管理不严格")
    client = login(world.oversight)
    assert "共性问题 1" in _cluster_page(client)

    with django_assert_max_num_queries(12) as kept:
        assert "共性问题 1" in _cluster_page(client)
    assert not any("detail" in q["sql"] and "SUBSTR" in q["sql"].upper() for q in kept)

    do_update_problem(world.office, a, title="食堂采购票据报销手续不全")
    assert "没有发现跨组织的相似问题" in _cluster_page(client)

    f.problem(world.other_inspection, "食堂采购报销票据手续不全")
    assert "共性问题 1" in _cluster_page(client)


def test_a_large_group_lists_its_first_problems_and_counts_the_rest(world, login, monkeypatch):
    from zhenggai.oversight import clusters as module

    monkeypatch.setattr(module, "PROBLEMS_SHOWN", 3)
    monkeypatch.setattr(module, "PAIRS_SHOWN", 2)
    for i in range(3):
        f.problem(world.inspection, f"公务用车管理不严格，存在公车私用{i}")
        f.problem(world.other_inspection, f"公车私用问题突出，公务用车管理不严{i}")
    page = _cluster_page(login(world.oversight))
    assert "2 个组织、6 个问题" in page
    assert "另有 3 个问题未列出" in page
    assert "列出最相似的 2 对" in page
    issue_link = page.split("?problems=")[1].split('"')[0]
    assert len(issue_link.split(",")) == 3  # the examples the self-check names


def test_kept_words_stand_in_for_cutting_until_the_text_or_the_code_changes(world, monkeypatch):
    """The tick keeps each problem's words; the groups read them instead of cutting the
    text again. A save sets them aside, and words cut by other code are cut again."""
    from zhenggai.core import similarity
    from zhenggai.oversight import clusters as module

    a = f.problem(world.inspection, "公务用车管理不严格，存在公车私用")
    f.problem(world.other_inspection, "公车私用问题突出，公务用车管理不严格")
    assert Problem.objects.get(pk=a.pk).words == ""
    assert module.keep_words() == Problem.objects.count()
    assert module.keep_words() == 0  # nothing left to cut
    kept = Problem.objects.get(pk=a.pk).words
    assert kept.startswith(similarity.WORDS_RULE + "|") and "公车" in kept

    cut = []
    monkeypatch.setattr(module, "words", lambda text: cut.append(text) or similarity.words(text))
    assert len(module.groups(Problem.objects.all())) == 1
    assert cut == []  # every problem's words were kept

    a.title = "食堂采购票据报销手续不全"
    a.save(update_fields=["title"])
    assert Problem.objects.get(pk=a.pk).words == ""
    assert module.groups(Problem.objects.all()) == []
    assert cut == [module.text_of(a)]  # only the changed problem was cut again

    Problem.objects.filter(pk=a.pk).update(words="0ldrule00000|公车 私用")
    assert module.keep_words() == 1  # words of other code are cut again
