"""Register entries (建章立制、问责追责、追缴资金) are corrected and withdrawn through audited,
version-checked actions; a withdrawn entry stays, struck through, and counts nowhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger import actions
from zhenggai.ledger.models import Recovery
from zhenggai.ledger.queries import register_totals
from zhenggai.lib.errors import WorkflowError
from zhenggai.publication.generate import registers as notice_registers
from zhenggai.publication.report_data import report_data

pytestmark = pytest.mark.django_db


def recovery(world, amount="3.2", problems=None):
    return actions.do_add_recovery(
        world.office,
        world.inspection,
        kind=Recovery.Kind.RECOVERED,
        amount_wan_yuan=Decimal(amount),
        problems=problems or [world.problem],
    )


def entry_url(name, entry):
    return reverse(f"ledger:{name}", kwargs={"kind": "recovery", "pk": entry.pk})


def correct_data(world, entry, amount, version=None):
    return {
        "correct-kind": entry.kind,
        "correct-amount_wan_yuan": amount,
        "correct-date": "",
        "correct-note": entry.note,
        "correct-problems": [world.problem.pk],
        "correct-version": entry.version if version is None else version,
    }


def test_a_correction_is_audited_and_the_history_says_what_changed(login, world):
    entry = recovery(world)
    client = login(world.office)
    response = client.post(entry_url("register_correct", entry), correct_data(world, entry, "3.5"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount_wan_yuan == Decimal("3.5") and entry.version == 2
    event = AuditEvent.objects.get(action="recovery.correct")
    assert (event.before, event.after) == ({"amount_wan_yuan": "3.2"}, {"amount_wan_yuan": "3.5"})
    page = client.get(entry_url("register_entry", entry)).content.decode()
    assert "更正追缴资金记录" in page and "金额 3.2 → 3.5" in page
    assert register_totals(world.inspection)["recovered_wan_yuan"] == Decimal("3.5")


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(login, world):
    entry = recovery(world)
    actions.do_correct_recovery(
        world.office, entry, version=1, changes={"amount_wan_yuan": Decimal("4")}
    )
    response = login(world.office).post(
        entry_url("register_correct", entry), correct_data(world, entry, "9.9", version=1)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "已被他人修改或已撤回" in page and 'value="9.9"' in page
    entry.refresh_from_db()
    assert entry.amount_wan_yuan == Decimal("4")


def test_withdrawing_needs_a_reason_and_keeps_the_row(login, world):
    entry = recovery(world)
    client = login(world.office)
    url = entry_url("register_withdraw", entry)
    refused = client.post(url, {"withdraw-reason": " ", "withdraw-version": entry.version})
    assert refused.status_code == 400 and Recovery.objects.filter(pk=entry.pk).exists()
    response = client.post(url, {"withdraw-reason": "重复登记", "withdraw-version": entry.version})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_withdrawn and entry.withdrawal_reason == "重复登记"
    assert AuditEvent.objects.get(action="recovery.withdraw").note == "撤回：重复登记"
    with pytest.raises(WorkflowError):  # a withdrawn entry is not corrected any more
        actions.do_correct_recovery(
            world.office, entry, version=entry.version, changes={"amount_wan_yuan": 1}
        )


def test_a_withdrawn_entry_counts_nowhere_and_is_listed_struck_through(login, world):
    kept = recovery(world, "2")
    gone = recovery(world, "7")
    actions.do_withdraw_recovery(world.office, gone, version=gone.version, reason="录入错误")
    assert register_totals(world.inspection)["recovered_wan_yuan"] == Decimal("2")
    assert sum(a for _, a in notice_registers(world.inspection).recoveries) == Decimal("2")
    assert len(report_data(world.inspection, world.inspection.feedback_date).recoveries) == 1
    client = login(world.office)
    api = client.get(reverse("api:registers", args=[world.inspection.pk])).json()
    assert [r["id"] for r in api["recoveries"]] == [kept.pk]
    page = client.get(reverse("ledger:registers", args=[world.inspection.pk])).content.decode()
    assert "<del>追回 7.00 万元</del>" in page and "已撤回：录入错误" in page
    assert Recovery.all_objects.filter(pk=gone.pk).exists()  # never deleted


def test_the_withdraw_button_asks_for_confirmation(login, world):
    entry = recovery(world)
    page = login(world.office).get(entry_url("register_entry", entry)).content.decode()
    assert 'data-confirm="确定撤回这条记录吗？' in page


def test_a_unit_may_not_withdraw_a_figure_that_counts_for_another_units_problem(login, world):
    theirs = f.problem(world.inspection, "其他单位的问题", code="问题2")
    f.measure(theirs, world.finance, world.leader2, text="财政所的措施")
    shared = recovery(world, problems=[world.problem, theirs])
    own = recovery(world)
    client = login(world.unit)  # 农业办 sees `problem`, not `theirs`
    data = {"withdraw-reason": "重复", "withdraw-version": 1}
    assert client.post(entry_url("register_withdraw", shared), data).status_code == 403
    assert client.post(entry_url("register_withdraw", own), data).status_code == 302
    assert login(world.leader).get(entry_url("register_entry", own)).status_code == 200
    assert login(world.outsider).get(entry_url("register_entry", own)).status_code == 404
