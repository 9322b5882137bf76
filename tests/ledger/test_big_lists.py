"""The inspection's other lists at province scale (issue 15): 问题清单 counts the page's
problems only, 责任清单 pages each table, the registers' forms pick problems on demand."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests import factories as f
from zhenggai.ledger import actions
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import User

pytestmark = pytest.mark.django_db
Role = User.Role


def test_the_problem_list_counts_each_problems_visible_measures(world, login):
    second = f.problem(world.inspection, "村务公开不及时", code="问题2", order=1)
    for text in ("按月公开", "补录公开"):
        f.measure(second, world.agri, world.leader, text=text)
    Measure.objects.filter(text="补录公开").update(status=Measure.Status.CLOSED)

    def counts(user) -> list[tuple[str, str, str]]:
        page = login(user).get(reverse("ledger:problem_list", args=[world.inspection.pk]))
        return [(p.title, p.measure_count, p.closed_count) for p in page.context["page"]]

    assert counts(world.office) == [("集体资产租赁管理不规范", 3, 0), ("村务公开不及时", 2, 1)]
    # The agriculture office leads one measure of the first problem and co-leads another
    # (not the finance office's own), and leads both of the second.
    assert counts(world.unit) == [("集体资产租赁管理不规范", 2, 0), ("村务公开不及时", 2, 1)]


def test_the_responsibility_list_pages_each_table_and_follows_changes(world, login):
    units = [f.org(f"第{i}村党支部", world.town, f.Cat.VILLAGE) for i in range(55)]
    problem = f.problem(world.inspection, "村级项目管理不规范")
    for unit in units:
        f.measure(problem, unit, world.leader, text=f"{unit.name}整改")
    client = login(world.office)
    url = reverse("ledger:responsibility_list", args=[world.inspection.pk])

    def unit_rows(**params) -> list[str]:
        html = client.get(url, params).content.decode()
        table = html[html.index("按牵头单位") :]
        return re.findall(r"\?unit=\d+\">([^<]+)</a>", table)

    first, second = unit_rows(), unit_rows(units=2)
    assert len(first) == 50 and len(second) == 55 + 2 - 50  # + 农业办, 财政所
    assert not set(first) & set(second)
    assert "第 1 / 2 页，共 57 个单位" in client.get(url).content.decode()
    assert "units=2" in client.get(url).content.decode()

    # Red first: a measure made overdue moves its unit to the top, at the next look.
    m = Measure.objects.get(text="第42村党支部整改")
    actions.do_update_measure(world.office, m, m.version, deadline=dt.date(2020, 1, 1))
    assert unit_rows()[0] in ("第42村党支部", "财政所")  # 财政所 leads an overdue measure
    assert "第42村党支部" in unit_rows()[:2]


def test_the_register_forms_list_no_problem_until_asked(world, login):
    for i in range(40):
        f.problem(world.inspection, f"第{i}个问题", code=f"问题{i + 2}", order=i + 1)
    client = login(world.office)
    page = client.get(reverse("ledger:registers", args=[world.inspection.pk])).content.decode()
    picker = reverse("ledger:pick_problems", args=[world.inspection.pk])
    assert page.count(f'data-picker-url="{picker}"') == 3
    assert "第7个问题" not in page  # no option is rendered before the picker asks

    found = client.get(picker, {"q": "问题9"}).json()["results"]
    assert [row["text"] for row in found] == ["问题9 第7个问题"]
    assert client.get(picker).json()["more"] is True  # 41 problems, 30 a time

    # What comes back is validated against the inspection's problems.
    other = f.problem(world.other_inspection, "别处的问题")
    response = client.post(
        reverse("ledger:register_add", args=[world.inspection.pk, "regulation"]),
        {"regulation-title": "制度", "regulation-kind": "new", "regulation-problems": [other.pk]},
    )
    assert response.status_code == 302
    assert not world.inspection.regulations.exists()


def test_a_unit_contact_picks_only_problems_it_sees(world, login):
    client = login(world.unit)
    picker = reverse("ledger:pick_problems", args=[world.inspection.pk])
    texts = [row["text"] for row in client.get(picker).json()["results"]]
    assert texts == ["问题1 集体资产租赁管理不规范"]
    assert login(world.outsider).get(picker).status_code == 404


def test_a_register_entrys_correction_form_shows_its_own_problems_chosen(world, login):
    f.problem(world.inspection, "另一个问题", code="问题2", order=1)
    client = login(world.office)
    client.post(
        reverse("ledger:register_add", args=[world.inspection.pk, "regulation"]),
        {
            "regulation-title": "制度",
            "regulation-kind": "new",
            "regulation-problems": [world.problem.pk],
        },
    )
    entry = world.inspection.regulations.get()
    page = client.get(
        reverse("ledger:register_entry", args=["regulation", entry.pk])
    ).content.decode()
    select = re.search(r'<select name="correct-problems".*?</select>', page, re.S).group(0)
    assert f'<option value="{world.problem.pk}" selected>' in select
    assert "另一个问题" not in select  # the rest load on demand


def test_postgresql_has_the_covering_index_of_each_problems_measures():
    """责任清单's and the dashboard's counts read lead unit, leader, status, kind and
    stored light from ledger 0016's covering index, not from the table (a province's
    round: 140 → 30 ms a table, benchmarks/province.py). Whether the planner takes it
    depends on the table's size and state, so the index itself is checked here: every
    column the counts read is in it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # no INCLUDE there; CI runs both
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'measure_problem_cover_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "(problem_id) INCLUDE (id, lead_unit_id, leader_id, status, lit_rank, kind)" in (
        definition
    )
