"""Hostile content (issue 12, item 7): stored payloads never come back as markup or
formulas.

* XSS crawl: every text a user can type is set to a payload, then every page of the
  permission matrix is requested as every persona; no response may contain a payload
  unescaped.
* Formula injection: every Excel export (the four lists, a unit's ledger and the public
  attachment) is opened with openpyxl; no cell may be a formula.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_permission_matrix import PERSONAS, RULES
from zhenggai.ledger.models import Milestone

pytestmark = pytest.mark.django_db

XSS = ["<img src=x onerror=alert(7)>", "\"'><script>alert(8)</script>", "<svg onload=alert(9)>"]
FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "@SUM(1+1)", "+1+cmd|' /C calc'!A0", "-2+3"]


def _plant(world, payloads: list[str]) -> None:
    """Every user-typed text of the world's records carries one of the payloads."""

    def p(i: int) -> str:
        return payloads[i % len(payloads)]

    world.problem.title = f"问题{p(0)}"
    world.problem.code = p(1)[:20]
    world.problem.save()
    for i, m in enumerate([world.measure, world.co_measure, world.finance_measure]):
        m.text = f"措施{p(i)}"
        m.label = p(i + 1)[:20]
        m.save()
    Milestone.objects.create(measure=world.measure, title=f"阶段{p(2)}", due=world.measure.deadline)
    world.inspection.title = f"巡察{p(1)}"
    world.inspection.save()
    world.agri.name = f"农业办{p(0)}"
    world.agri.save()
    world.leader.full_name = p(2)[:40]
    world.leader.save()


def test_no_page_returns_a_payload_unescaped(world, client):
    _plant(world, XSS)
    leaks, shown = [], 0
    for name, rule in sorted(RULES.items()):
        if rule.method != "get":
            continue
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(getattr(world, persona))
            response = client.get(reverse(name, kwargs=rule.args(world)))
            if "html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            leaks += [f"{name} as {persona}: {x}" for x in XSS if x in body]
            shown += "&lt;img src=x onerror=alert(7)&gt;" in body
    assert leaks == []
    assert shown > 20  # the payloads were on the pages, escaped


def _sheets(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets


def test_no_export_contains_a_formula(world, login):
    from zhenggai.exchange.exporting import LISTS, export_unit_ledger

    _plant(world, FORMULAS)
    world.village.name = FORMULAS[0][:50]
    world.village.save()
    workbooks = {}
    client = login(world.office)
    for which in LISTS:
        response = client.get(
            reverse("exchange:export", kwargs={"pk": world.inspection.pk, "which": which})
        )
        assert response.status_code == 200
        workbooks[which] = (
            b"".join(response.streaming_content) if response.streaming else (response.content)
        )
    workbooks["unit ledger"] = export_unit_ledger(world.inspection, world.agri)
    public = RULES["public:attachment"].args(world)
    response = client.get(reverse("public:attachment", kwargs=public))
    workbooks["public attachment"] = b"".join(response.streaming_content)
    formulas, texts = [], 0
    for name, data in workbooks.items():
        for ws in _sheets(data):
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        formulas.append(f"{name} {ws.title}!{cell.coordinate}: {cell.value}")
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "@", "+")):
                        texts += 1
    assert formulas == []
    assert texts  # the payloads are there, as text


def test_problem_list_export_counts_only_the_measures_the_user_may_see(world, login):
    """The unit (农业办) sees two of the problem's three measures; its export says 2."""
    response = login(world.unit).get(
        reverse("exchange:export", kwargs={"pk": world.inspection.pk, "which": "problems"})
    )
    data = b"".join(response.streaming_content) if response.streaming else response.content
    ws = _sheets(data)[0]
    row = next(r for r in ws.iter_rows(values_only=True) if world.problem.title in r)
    assert 2 in row and 3 not in row


def test_public_form_lists_only_measures_published_with_the_notice(world, client):
    from tests import factories as f
    from tests.test_permission_matrix import _published

    notice = _published(world)
    notice.published_at = notice.created_at
    notice.save()
    later = f.measure(world.problem, world.agri, text="发布后才新增的措施")
    page = client.get(reverse("public:notice", args=[notice.pk])).content.decode()
    assert world.measure.label in page or world.problem.title[:10] in page
    assert f'value="{later.pk}"' not in page
