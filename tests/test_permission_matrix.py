"""Every URL of the project, requested by every persona, answers as the rules say.

Add a row to RULES for every new view: a URL without a row fails
``test_every_url_has_a_rule``. A row gives the URL's arguments (built from the
``world`` fixture) and the expected status per persona; personas not named get
``default``. POST rows send ``data`` (empty by default) — what is checked is
access (302 to login, 403, 404), not the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ["anonymous", "office", "unit", "other_unit", "leader", "oversight", "outsider", "admin"]
LOGIN = 302  # anonymous users are sent to the login page


@dataclass
class Rule:
    args: Callable[[Any], dict] = lambda w: {}
    default: int = 200
    method: str = "get"
    data: Callable[[Any], dict] = lambda w: {}
    expect: dict[str, int] = field(default_factory=dict)

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.default)


def _inspection(w):
    return {"pk": w.inspection.pk}


def _measure(w):
    return {"pk": w.measure.pk}


def _export(w):
    return {"pk": w.inspection.pk, "which": "ledger"}


def _staged_import(w):
    from tests.exchange.helpers import staged_import

    return {"pk": staged_import(w).pk}


# Scope of the world fixture: the inspection belongs to 青山镇; `measure` is led by
# the unit 农业办 (``unit``) and answered for by ``leader``; ``other_unit`` (财政所)
# neither leads nor co-leads it; ``outsider`` is the office of another town.
RULES: dict[str, Rule] = {
    "home": Rule(expect={"anonymous": LOGIN}),
    "login": Rule(expect={p: 302 for p in PERSONAS if p != "anonymous"}),
    "logout": Rule(method="post", default=302),
    "inspections:list": Rule(expect={"anonymous": LOGIN}),
    "ledger:ledger": Rule(_inspection, expect={"anonymous": LOGIN, "outsider": 404}),
    "ledger:measure": Rule(
        _measure, expect={"anonymous": LOGIN, "outsider": 404, "other_unit": 404}
    ),
    "exchange:export": Rule(_export, expect={"anonymous": LOGIN, "outsider": 404}),
    "exchange:import_upload": Rule(
        _inspection,
        default=403,
        expect={"anonymous": LOGIN, "outsider": 404, "office": 200, "admin": 200},
    ),
    "exchange:import_review": Rule(
        _staged_import,
        default=403,
        expect={"anonymous": LOGIN, "outsider": 404, "office": 200, "admin": 200},
    ),
    "exchange:import_confirm": Rule(
        _staged_import,
        method="post",
        default=403,
        expect={"anonymous": LOGIN, "outsider": 404, "office": 302, "admin": 302},
    ),
}


def url_names(patterns=None, prefix="") -> set[str]:
    """Every named URL of the project except Django's admin and static files."""
    names: set[str] = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_has_a_rule():
    missing = url_names() - set(RULES)
    assert not missing, f"URLs without a permission rule: {sorted(missing)}"
    stale = set(RULES) - url_names()
    assert not stale, f"rules for URLs that no longer exist: {sorted(stale)}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_url_answers_each_persona_as_the_rules_say(name, world, client):
    rule = RULES[name]
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
        url = reverse(name, kwargs=rule.args(world))
        response = getattr(client, rule.method)(url, rule.data(world))
        if response.status_code != rule.status_for(persona):
            failures.append(f"{persona}: {response.status_code} ≠ {rule.status_for(persona)}")
    assert not failures, f"{name}: " + "; ".join(failures)
