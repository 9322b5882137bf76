"""One test per quality rule, on small fixtures; the command's JSON; explanations."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from tests.desk.scenario import evidence
from zhenggai.audit.models import AuditEvent
from zhenggai.core.quality import notice_claims, vague_reason
from zhenggai.ledger.models import Measure, Milestone, ProgressUpdate
from zhenggai.oversight.desk_actions import do_explain_finding
from zhenggai.oversight.quality import RULES
from zhenggai.publication.quality import findings

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 1)
S = Measure.Status


def rules_of(w, rule):
    return [x for x in findings(w.inspection, TODAY) if x.rule == rule]


def test_vague_measure_text_rule():
    assert vague_reason("加强学习")
    assert vague_reason("进一步提高思想认识，持续深化作风建设")
    assert vague_reason("一是认真抓好整改工作")
    assert vague_reason("清理村集体租赁合同") is None  # an object
    assert vague_reason("制定《村务公开办法》") is None  # a deliverable
    assert vague_reason("对12宗逾期合同逐一催收") is None  # a figure
    assert vague_reason("9月底前加强学习") is None  # a date


def test_vague_measure_is_found_and_linked(world):
    m = f.measure(world.problem, world.agri, world.leader, text="加强学习")
    found = rules_of(world, "vague_measure")
    assert [x.url for x in found] == [m.get_absolute_url()]


def test_deadline_before_plan_date(world):
    m = f.measure(world.problem, world.agri, world.leader, deadline=dt.date(2026, 5, 1))
    assert [x.key for x in rules_of(world, "deadline_before_plan")] == [f"measure:{m.pk}"]


def test_deadline_past_concentrated_period_only_for_immediate_and_concentrated(world):
    late = dt.date(2026, 12, 1)  # the period ends 2026-08-30
    m = f.measure(world.problem, world.agri, world.leader, deadline=late, kind="immediate")
    f.measure(world.problem, world.agri, world.leader, deadline=late, kind="long_term")
    keys = {x.key for x in rules_of(world, "deadline_past_period")}
    assert f"measure:{m.pk}" in keys
    assert f"measure:{world.measure.pk}" in keys  # the world's measures are 集中整改 to 12-31
    assert len(keys) == 4


def test_unassigned_measures(world):
    m = f.measure(world.problem, None, None)
    assert [x.key for x in rules_of(world, "unassigned")] == [f"measure:{m.pk}"]


def test_closed_without_evidence_and_without_progress(world):
    bare = f.measure(world.problem, world.agri, world.leader, status=S.CLOSED)
    backed = f.measure(world.problem, world.agri, world.leader, status=S.CLOSED)
    evidence(backed, world.office)
    ProgressUpdate.objects.create(measure=backed, date=TODAY, text="已完成")
    assert [x.key for x in rules_of(world, "closed_without_evidence")] == [f"measure:{bare.pk}"]
    assert [x.key for x in rules_of(world, "closed_without_progress")] == [f"measure:{bare.pk}"]


def test_evidence_reused_on_unrelated_measures(world):
    other_problem = f.problem(world.inspection, "另一个问题")
    same_problem = f.measure(world.problem, world.agri, world.leader)
    unrelated = f.measure(other_problem, world.agri, world.leader)
    evidence(world.measure, world.office, sha="b" * 64)
    evidence(same_problem, world.office, sha="b" * 64)  # same problem: related, fine
    evidence(world.finance_measure, world.office, sha="c" * 64)
    evidence(unrelated, world.office, sha="c" * 64)
    found = rules_of(world, "evidence_reused")
    assert sorted(x.key.split(":")[1] for x in found) == sorted(
        [str(world.finance_measure.pk), str(unrelated.pk)]
    )


def test_long_term_item_without_a_milestone_ahead(world):
    bare = f.measure(world.problem, world.agri, world.leader, kind="long_term")
    planned = f.measure(world.problem, world.agri, world.leader, kind="long_term")
    Milestone.objects.create(measure=planned, title="第二阶段", due=dt.date(2026, 9, 1))
    past = f.measure(world.problem, world.agri, world.leader, kind="long_term")
    Milestone.objects.create(measure=past, title="已过期阶段", due=dt.date(2026, 6, 1))
    keys = [x.key for x in rules_of(world, "long_term_no_milestone")]
    assert keys == [f"measure:{bare.pk}", f"measure:{past.pk}"]


def test_notice_figures_that_disagree_with_the_ledger(world):
    from zhenggai.publication.models import Notice

    body = (
        "整改工作开展以来，青山镇党委将1个反馈问题细化为3项整改措施，目前已完成2项；问责追责4人次。"
    )
    assert notice_claims(body) == {"problems": 1, "measures": 3, "closed": 2, "accountability": 4}
    Notice.objects.create(inspection=world.inspection, title="整改通报", body=body)
    found = rules_of(world, "notice_mismatch")
    assert sorted(x.key.rsplit(":", 1)[1] for x in found) == ["accountability", "closed"]
    assert "通报写 2，台账为 0" in next(x.detail for x in found if x.key.endswith("closed"))


def test_command_lists_findings_as_json_objects_with_a_rule(world):
    f.measure(world.problem, world.agri, world.leader, text="加强学习")
    out = StringIO()
    call_command("quality", str(world.inspection.pk), "--format", "json", stdout=out)
    items = json.loads(out.getvalue())
    assert items and all(item["rule"] in RULES for item in items)
    assert any(item["rule"] == "vague_measure" for item in items)


def test_office_explains_a_finding_audited_and_oversight_still_sees_it(world, login):
    m = f.measure(world.problem, world.agri, world.leader, text="加强学习")
    url = reverse("oversight:quality", args=[world.inspection.pk])
    client = login(world.oversight)
    r = client.post(url, {"rule": "vague_measure", "key": f"measure:{m.pk}", "note": "x"})
    assert r.status_code == 403
    client = login(world.office)
    r = client.post(
        url, {"rule": "vague_measure", "key": f"measure:{m.pk}", "note": "已细化为三项具体任务"}
    )
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="finding.explain").count() == 1
    page = login(world.oversight).get(url).content.decode()
    assert "已细化为三项具体任务" in page
    explained = [x for x in findings(world.inspection, TODAY) if x.explanation]
    assert [x.key for x in explained] == [f"measure:{m.pk}"]
    do_explain_finding(world.office, world.inspection, rule="vague_measure", key="k", note="n")


def test_the_quality_page_shows_fifty_findings_a_page_and_one_rule_on_demand(world, login):
    import re

    for _ in range(60):
        f.measure(world.problem, world.agri, world.leader, text="加强学习")
    url = reverse("oversight:quality", args=[world.inspection.pk])
    client = login(world.office)
    first = client.get(url).content.decode()
    total = int(re.search(r"待说明的发现（(\d+)）", first).group(1))
    assert total > 60
    assert first.count('class="finding"') == 50
    assert first.count('class="finding"') + client.get(url, {"page": 2}).content.decode().count(
        'class="finding"'
    ) == min(total, 100)
    vague = client.get(url, {"rule": "vague_measure", "page": 2}).content.decode()
    assert vague.count('class="finding"') == 60 - 50
    assert set(re.findall(r'class="finding" data-rule="(\w+)"', vague)) == {"vague_measure"}


def test_an_explanation_form_kept_as_html_carries_the_viewers_own_token(world):
    import re

    from django.test import Client

    f.measure(world.problem, world.agri, world.leader, text="加强学习")
    url = reverse("oversight:quality", args=[world.inspection.pk])

    def explain(client: Client, note: str) -> int:
        page = client.get(url).content.decode()
        token = re.search(
            r'name="csrfmiddlewaretoken" value="(\w+)"><input[^>]+"vague_measure"', page
        )
        assert token and "csrf-slot" not in page
        key = re.search(r'name="key" value="(measure:\d+)"', page).group(1)
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "rule": "vague_measure",
            "key": key,
            "note": note,
        }
        return client.post(url, data).status_code

    first = Client(enforce_csrf_checks=True)
    first.force_login(world.office)
    first.get(url)  # the page is kept now
    again = Client(enforce_csrf_checks=True)  # signed in anew: another CSRF secret
    again.force_login(world.office)
    assert explain(again, "已细化为三项具体任务") == 302
    assert AuditEvent.objects.filter(action="finding.explain").count() == 1
