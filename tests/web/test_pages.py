"""The first pages: login, home (我的待办), inspection list, ledger, measure."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_chinese(client):
    assert "登录整改系统" in client.get(reverse("login")).content.decode()


def test_office_clerk_logs_in_with_password_and_sees_home(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "我的待办" in page
    assert "清查全部租赁合同" in page


def test_wrong_password_gives_a_chinese_message(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_unit_contact_home_lists_led_and_co_led_measures_only(login, world):
    page = login(world.unit).get(reverse("home")).content.decode()
    assert "清查全部租赁合同" in page
    assert "追缴欠缴租金" in page  # co-led
    assert "修订财务制度" not in page  # another unit's
    assert "其他镇的问题" not in page


def test_leader_home_lists_the_measures_they_answer_for(login, world):
    page = login(world.leader2).get(reverse("home")).content.decode()
    assert "追缴欠缴租金" in page and "修订财务制度" in page
    assert "清查全部租赁合同" not in page


def test_inspection_list_shows_only_the_users_scope(login, world):
    page = login(world.office).get(reverse("inspections:list")).content.decode()
    assert world.inspection.title in page
    assert world.other_inspection.title not in page


def test_oversight_sees_every_inspection_under_it(login, world):
    page = login(world.oversight).get(reverse("inspections:list")).content.decode()
    assert world.inspection.title in page and world.other_inspection.title in page


def test_ledger_groups_measures_under_problem_and_aspect(login, world):
    page = (
        login(world.office)
        .get(reverse("ledger:ledger", args=[world.inspection.pk]))
        .content.decode()
    )
    assert "方面一" in page and "问题1" in page
    assert page.index("集体资产租赁管理不规范") < page.index("清查全部租赁合同")


def test_ledger_filters_by_unit_status_light_kind_and_text(login, world):
    client = login(world.office)
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    page = client.get(url, {"unit": world.finance.pk}).content.decode()
    assert "修订财务制度" in page and "清查全部租赁合同" not in page
    page = client.get(url, {"q": "追缴"}).content.decode()
    assert "追缴欠缴租金" in page and "修订财务制度" not in page
    page = client.get(url, {"status": "closed"}).content.decode()
    assert "没有符合条件的整改措施" in page
    page = client.get(url, {"kind": "concentrated", "light": ""}).content.decode()
    assert "修订财务制度" in page


def test_ledger_full_width_search_text_is_normalised(login, world):
    world.measure.text = "清查2026年租赁合同"
    world.measure.save()
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    page = login(world.office).get(url, {"q": "２０２６"}).content.decode()
    assert "清查2026年租赁合同" in page


def test_htmx_request_gets_only_the_table(login, world):
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    page = login(world.office).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and "清查全部租赁合同" in page


def test_unit_contact_sees_only_its_measures_in_the_ledger(login, world):
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    page = login(world.unit).get(url).content.decode()
    assert "清查全部租赁合同" in page and "修订财务制度" not in page


def test_outsider_gets_404_for_another_towns_ledger_and_measure(login, world):
    client = login(world.outsider)
    assert client.get(reverse("ledger:ledger", args=[world.inspection.pk])).status_code == 404
    assert client.get(reverse("ledger:measure", args=[world.measure.pk])).status_code == 404


def test_unit_contact_cannot_open_another_units_measure(login, world):
    response = login(world.unit).get(reverse("ledger:measure", args=[world.finance_measure.pk]))
    assert response.status_code == 404


def test_measure_page_shows_facts_and_history(login, world):
    from zhenggai.audit.log import record

    record(
        world.office, "measure.create", world.measure, after={"status": "not_started"}, note="交办"
    )
    page = (
        login(world.unit).get(reverse("ledger:measure", args=[world.measure.pk])).content.decode()
    )
    assert "清查全部租赁合同" in page and "农业办" in page and "变更记录" in page and "交办" in page


def test_inspection_page_counts_supervision_as_the_notices_quote_it(login, world):
    import datetime as dt

    from zhenggai.oversight.models import Supervision

    for _ in range(3):
        Supervision.objects.create(
            inspection=world.inspection, kind="meeting", date=dt.date(2026, 7, 1)
        )
    page = (
        login(world.office)
        .get(reverse("inspections:detail", args=[world.inspection.pk]))
        .content.decode()
    )
    assert "<td>专题会议</td><td>3 次</td>" in page


@pytest.mark.parametrize(
    ("page", "which"),
    [
        ("ledger:problem_list", "problems"),
        ("ledger:task_list", "measures"),
        ("ledger:responsibility_list", "responsibility"),
    ],
)
def test_each_list_offers_its_own_excel_export(login, world, page, which):
    client = login(world.office)
    html = client.get(reverse(page, args=[world.inspection.pk])).content.decode()
    export = reverse("exchange:export", args=[world.inspection.pk, which])
    assert export in html
    response = client.get(export)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
