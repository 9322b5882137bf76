"""With DEBUG off, refusals and missing pages answer in Chinese, with the reason and a
way back — never Django's English defaults."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def test_a_hidden_measure_gives_a_chinese_404_with_the_reason(world, login):
    response = login(world.outsider).get(reverse("ledger:measure", args=[world.measure.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "没有找到该整改措施，或您无权查看。" in html and "回到首页" in html
    assert "Not Found" not in html


def test_an_unknown_address_gives_the_generic_chinese_404(world, login):
    html = login(world.office).get("/no/such/page/").content.decode()
    assert "您要找的内容不存在" in html and "/no/such/page/" not in html


def test_a_refused_step_gives_a_chinese_403_with_the_reason(world, login):
    response = login(world.leader).get(reverse("ledger:measure_edit", args=[world.measure.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "您没有执行此操作的权限。" in html and "返回上一页" in html
    assert "Forbidden" not in html


def test_a_server_error_page_is_chinese_and_standalone(world):
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in html and "回到首页" in html
