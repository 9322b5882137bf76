"""Shared fixtures: a small fictional world with one persona per role.

临江市委 (oversight: ``oversight``)
└── 青山镇党委 (office: ``office``; leaders ``leader`` and ``leader2``)
    ├── 农业办 (unit: ``unit``)
    ├── 财政所 (unit: ``other_unit``)
    └── 东村党支部
└── 白河镇党委 (office of another town: ``outsider``)
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests import factories as f
from zhenggai.orgs.models import User

Role = User.Role


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = False
    # The audit chain's key: fixed for tests, never the developer's var/chain_key.
    settings.CHAIN_KEY = "test-chain-key-0123456789abcdef"


@pytest.fixture
def world(db):
    city = f.org("临江市委", category=f.Cat.REGION, kind=f.Kind.COMMITTEE)
    town = f.org("青山镇党委", city, f.Cat.REGION, f.Kind.COMMITTEE)
    other_town = f.org("白河镇党委", city, f.Cat.REGION, f.Kind.COMMITTEE)
    agri = f.org("农业办", town)
    finance = f.org("财政所", town)
    village = f.org("东村党支部", town, f.Cat.VILLAGE)
    w = SimpleNamespace(
        city=city, town=town, other_town=other_town, agri=agri, finance=finance, village=village
    )
    w.office = f.user("office", Role.OFFICE, town)
    w.unit = f.user("unit", Role.UNIT, agri)
    w.other_unit = f.user("other_unit", Role.UNIT, finance)
    w.leader = f.user("leader", Role.LEADER, town)
    w.leader2 = f.user("leader2", Role.LEADER, town)
    w.oversight = f.user("oversight", Role.OVERSIGHT, city)
    w.outsider = f.user("outsider", Role.OFFICE, other_town)
    w.admin = f.user("admin", Role.ADMIN, None, is_staff=True, is_superuser=True)
    w.inspection = f.inspection(town, "市委第一巡察组对青山镇党委巡察")
    w.problem = f.problem(w.inspection, "集体资产租赁管理不规范", code="问题1")
    w.measure = f.measure(w.problem, agri, w.leader, text="清查全部租赁合同")
    w.co_measure = f.measure(
        w.problem, finance, w.leader2, text="追缴欠缴租金", deadline=dt.date(2026, 9, 30)
    )
    w.co_measure.co_units.add(agri)
    w.finance_measure = f.measure(w.problem, finance, w.leader2, text="修订财务制度")
    w.other_inspection = f.inspection(other_town, "市委第一巡察组对白河镇党委巡察")
    w.other_measure = f.measure(f.problem(w.other_inspection, "其他镇的问题"), other_town)
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def docx_bomb(tmp_path_factory):
    """A 3 MB .docx whose document.xml unpacks to 400 MB (built once per session)."""
    from tests.core.bombs import docx_bomb

    return docx_bomb(tmp_path_factory.mktemp("bombs") / "bomb.docx")
