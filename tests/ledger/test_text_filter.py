"""The ledger's keyword filter folds case only where case exists (zhenggai.lib.matching):
a Chinese word is matched as typed, a word with Latin letters regardless of case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.lib.matching import uncased

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("q", "expected"),
    [("集体资产", True), ("2026年", True), ("（三）", True), ("PPP项目", False), ("ß", False)],
)
def test_only_words_without_case_are_uncased(q, expected):
    assert uncased(q) is expected


def test_the_keyword_filter_finds_measures_problems_and_codes_in_any_case(world, login):
    f.measure(world.problem, world.agri, world.leader, text="清理PPP项目合同")
    other = f.problem(world.inspection, "村级财务公开不及时", code="问题2")
    f.measure(other, world.finance, world.leader, text="按月公开财务")
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])

    def found(q: str) -> set[str]:
        page = client.get(url, {"q": q}).content.decode()
        texts = ("清查全部租赁合同", "清理PPP项目合同", "按月公开财务")
        return {t for t in texts if t in page}

    assert found("ppp") == found("PPP") == {"清理PPP项目合同"}
    assert found("全部租赁") == {"清查全部租赁合同"}
    assert found("财务公开") == {"按月公开财务"}  # the problem's title
    assert found("问题2") == {"按月公开财务"}  # the problem's code
    assert found("问题") == set()  # a code is matched whole


def test_postgresql_indexes_the_raw_text_for_words_without_case():
    """On PostgreSQL a Chinese word is matched on the column itself (``LIKE``): migration
    ledger 0014 gives it trigram indexes beside 0007's on ``UPPER(…)``. The plan must use
    one: a rare word across a province is then found by index, not by reading every row."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # nothing to index there; CI runs both
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM ledger_measure WHERE text LIKE '%整治九九%'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "ledger_measure_text_raw_trgm" in plan
