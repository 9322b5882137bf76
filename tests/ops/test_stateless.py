"""App servers keep no state of their own: cache and sessions live in the database."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from zhenggai import settings as project_settings


def test_cache_and_sessions_are_configured_in_the_database():
    assert project_settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_migrate_creates_the_cache_table_and_the_cache_works():
    table = project_settings.CACHES["default"]["LOCATION"]
    assert table in connection.introspection.table_names()
    cache = caches["default"]
    cache.set("整改", {"灯": "红"}, 60)
    assert cache.get("整改") == {"灯": "红"}
