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
# What a payload looks like when it comes back as markup: never in a response.
RAW = ["<img src=x onerror=", "<script>alert(", "<svg onload="]


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


def _tagged(n: int) -> str:
    """Payload number ``n``: one of three shapes, with ``alert(n)`` to find it by."""
    return [
        f"<img src=x onerror=alert({n})>",
        f"\"'><script>alert({n})</script>",
        f"<svg onload=alert({n})>",
    ][n % 3]


def _plant_everywhere(w) -> dict[str, int]:
    """A tagged payload in every text a user types — what each tag was planted in."""
    import datetime as dt

    from tests.oversight.helpers import attachment
    from tests.test_permission_matrix import _notice, _published
    from zhenggai.ledger.models import (
        Accountability,
        ClosureRequest,
        Evidence,
        ProgressUpdate,
        Recheck,
        Regulation,
    )
    from zhenggai.orgs.models import Organisation

    planted: dict[str, int] = {}

    def tag(what: str) -> str:
        planted[what] = 100 + len(planted)
        return _tagged(planted[what])

    _plant(w, XSS)
    for org in (w.town, w.finance, w.village, w.city):
        Organisation.objects.filter(pk=org.pk).update(name=org.name + tag(f"organisation {org.pk}"))
    Milestone.objects.create(measure=w.co_measure, title=tag("milestone"), due=dt.date(2026, 11, 1))
    update = ProgressUpdate.objects.create(
        measure=w.measure, date=dt.date(2026, 6, 1), text=tag("progress"), author=w.unit
    )
    Evidence.objects.filter(pk=_evidence_pk(w)).update(
        original_name=tag("evidence name") + ".pdf", update=update
    )
    # The matrix's review page opens this request (``_once`` finds it made).
    w._closure_pending_review = ClosureRequest.objects.create(
        measure=w.measure, note=tag("closure note"), submitted_by=w.unit, stage="pending_review"
    )
    Recheck.objects.create(measure=w.measure, due=dt.date(2026, 12, 1), note=tag("recheck note"))
    reg = Regulation.objects.create(inspection=w.inspection, title=tag("regulation"))
    acc = Accountability.objects.create(
        inspection=w.inspection, kind="talk", target=tag("accountability")
    )
    for entry in (reg, acc):
        entry.problems.add(w.problem)
    sup = attachment(w).supervision
    sup.note, sup.who = tag("supervision note"), tag("supervision who")
    sup.save()
    draft = _notice(w)
    draft.body = tag("draft notice body") + "\n" + draft.body
    draft.save()
    notice = _published(w)
    notice.title, notice.body = tag("notice title"), tag("notice body") + "\n" + notice.body
    notice.signature = tag("signature")
    notice.save()
    w.opinion.text, w.opinion.contact = tag("opinion"), tag("opinion contact")[:100]
    w.opinion.reply_draft, w.opinion.reply = tag("reply draft"), tag("opinion reply")
    w.opinion.unit = w.agri
    w.opinion.save()
    return planted


def _evidence_pk(w) -> int:
    from tests.test_permission_matrix import _evidence

    return _evidence(w)["pk"]


def _crawl(w, client):
    """Every GET page of the permission matrix as every persona, plus the receipt page:
    (name, persona, HTML body) for each HTML response."""
    for name, rule in sorted(RULES.items()):
        if rule.method != "get":
            continue
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(getattr(w, persona))
            response = client.get(reverse(name, kwargs=rule.args(w)))
            if "html" in response.get("Content-Type", ""):
                yield name, persona, response.content.decode()
    client.logout()
    receipt = client.get(reverse("public:receipt"), {"code": w.opinion.receipt_code})
    yield "public:receipt", "anonymous", receipt.content.decode()


def test_no_page_returns_a_payload_unescaped(world, client):
    planted = _plant_everywhere(world)
    leaks, seen, showing = [], set(), set()
    pages = 0
    for name, persona, body in _crawl(world, client):
        pages += 1
        leaks += [f"{name} as {persona}: {raw}" for raw in RAW if raw in body]
        found = {what for what, n in planted.items() if f"alert({n})" in body}
        seen |= found
        showing |= {name} if found else set()
    assert leaks == []
    # Every planted text was on some page (escaped), so the crawl really checked it …
    assert set(planted) - seen == set()
    # … and the pages that show other people's words carried them.
    assert {
        "oversight:bulletin",
        "oversight:battle_map",
        "oversight:supervisions",
        "ledger:registers",
        "ledger:measure",
        "publication:opinion",
        "publication:notice",
        "public:notice",
        "public:receipt",
    } <= showing
    assert pages > 300


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
    overview = login(world.oversight).get(reverse("oversight:overview"), {"format": "xlsx"})
    workbooks["督导总览"] = overview.content
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
