"""Actions own their transaction: no web request wraps them in an outer one.

``do_*`` actions use a plain ``transaction.atomic`` rather than ``durable=True`` (see
docs/ARCHITECTURE.md, "Transactions"); what durability would have guaranteed for web
requests — that the action's commit is the request's commit, so ``on_commit`` files and
messages follow at once — is checked here instead.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from zhenggai.notify import actions as notify_actions


def test_no_database_wraps_requests_in_a_transaction():
    for alias, config in settings.DATABASES.items():
        assert not config.get("ATOMIC_REQUESTS"), alias


@pytest.mark.django_db(transaction=True)
def test_a_view_calls_its_action_outside_any_atomic_block(world, login, monkeypatch):
    seen: list[bool] = []
    action = notify_actions.do_set_preferences

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return action(*args, **kwargs)

    monkeypatch.setattr(notify_actions, "do_set_preferences", spy)
    response = login(world.unit).post(
        "/settings/reminders/",
        {"email_enabled": "on", "webhook_kind": "", "webhook_url": "", "digest": ""},
    )
    assert response.status_code in (200, 302)
    assert seen == [False]
