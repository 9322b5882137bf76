"""Every URL of the project, requested by every persona, answers as the rules say.

Add a row to RULES for every new view: a URL without a row fails
``test_every_url_has_a_rule``. A row gives the URL's arguments (built from the
``world`` fixture) and the expected status per persona; personas not named get
``default``. POST rows send ``data`` (empty by default) — what is checked is
access (302 to login, 403, 404), not the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import TestCase
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


def _problem(w):
    return {"pk": w.problem.pk}


def _measure(w):
    return {"pk": w.measure.pk}


def _once(w, name, make):
    """Create the object a URL needs once per test, whatever the persona."""
    if not hasattr(w, name):
        setattr(w, name, make())
    return {"pk": getattr(w, name).pk}


def _api_token(w):
    from zhenggai.api.actions import do_create_api_token

    return _once(w, "_api_token", lambda: do_create_api_token(w.unit, name="同步")[0])


def _milestone(w):
    from zhenggai.ledger.models import Milestone

    return _once(
        w,
        "_milestone",
        lambda: Milestone.objects.create(
            measure=w.measure, title="阶段一", due=dt.date(2026, 12, 1)
        ),
    )


def _closure(stage):
    def build(w):
        from zhenggai.ledger.models import ClosureRequest

        return _once(
            w,
            f"_closure_{stage}",
            lambda: ClosureRequest.objects.create(
                measure=w.measure, note="已完成", submitted_by=w.unit, stage=stage
            ),
        )

    return build


def _evidence(w):
    from django.core.files.base import ContentFile

    from zhenggai.ledger.models import Evidence

    def make():
        e = Evidence(
            measure=w.measure,
            original_name="a.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            size=8,
            uploaded_by=w.unit,
        )
        e.file.save("a", ContentFile(b"%PDF-1.4"), save=False)
        e.save()
        return e

    return _once(w, "_evidence", make)


def _recheck(w):
    from zhenggai.ledger.models import Recheck

    return _once(
        w, "_recheck", lambda: Recheck.objects.create(measure=w.measure, due=dt.date(2026, 12, 1))
    )


def _notice_import(w):
    from zhenggai.inspections.models import NoticeImport

    return _once(
        w,
        "_notice_import",
        lambda: NoticeImport.objects.create(
            organisation=w.town,
            filename="通报.txt",
            sha256="0" * 64,
            parsed={"problems": []},
            created_by=w.office,
        ),
    )


def _public_attachment(w):
    """A village's ledger attached to the published notice."""
    from zhenggai.publication.actions import _fix_attachments

    w.inspection.targets.add(w.village)
    notice = _published(w)
    if not notice.attachments.exists():
        with TestCase.captureOnCommitCallbacks(execute=True):
            _fix_attachments(notice)
    return {"pk": notice.pk, "unit_pk": w.village.pk}


def _report(w):
    from zhenggai.publication.report_actions import do_generate_report

    return _once(w, "_report", lambda: do_generate_report(w.office, w.inspection))


HIDDEN = {"anonymous": LOGIN, "outsider": 404}
API_LOGIN = 401  # the API answers 401, it does not redirect
API_HIDDEN = {"anonymous": API_LOGIN, "outsider": 404}
API_ON_MEASURE = {**API_HIDDEN, "other_unit": 404}
REPORT_READERS = {**HIDDEN, "unit": 403, "other_unit": 403}
REPORT_WRITERS = {**HIDDEN, "office": 302, "admin": 302}
# Sees the inspection but may not plan it.
PLAN_ONLY = {**HIDDEN, "unit": 403, "other_unit": 403, "leader": 403, "oversight": 403}
# On `measure`: other_unit cannot see it at all.
ON_MEASURE = {**HIDDEN, "other_unit": 404}


def _bulletin(w):
    from zhenggai.oversight.bulletins import do_generate_bulletin

    return {"pk": do_generate_bulletin(None, w.inspection, w.inspection.feedback_date)[0].pk}


def _attachment(w):
    from tests.oversight.helpers import attachment

    return {"pk": attachment(w).pk}


def _spot_check(w):
    from zhenggai.oversight.models import SpotCheck

    return _once(
        w,
        "_spot",
        lambda: SpotCheck.objects.create(
            inspection=w.inspection, seed="s", requested="1", drawn_by=w.oversight
        ),
    )


def _spot_item(w):
    from zhenggai.oversight.models import SpotCheckItem

    check = _spot_check(w)
    return _once(
        w,
        "_spot_item",
        lambda: SpotCheckItem.objects.create(spot_check_id=check["pk"], measure=w.measure),
    )


# Supervision boards: office/oversight/admin of the scope; units and leaders 403.
BOARD = {"anonymous": LOGIN, "unit": 403, "other_unit": 403, "leader": 403, "outsider": 404}
BOARD_WRITE = {**BOARD, "oversight": 403}


def _notice(w):
    """A draft notice of the world's inspection (made once per test)."""
    if not hasattr(w, "notice"):
        from zhenggai.publication.actions import do_generate_notice

        w.notice = do_generate_notice(w.office, w.inspection)
    return w.notice


def _published(w):
    """A published notice with its Word file and one opinion (made once per test)."""
    if not hasattr(w, "published"):
        import datetime as dt

        from django.core.files.base import ContentFile

        from zhenggai.publication.actions import do_generate_notice, do_submit_opinion
        from zhenggai.publication.models import Notice

        n = do_generate_notice(w.office, w.inspection)
        n.status = Notice.Status.PUBLISHED
        n.disclosure_start = dt.date(2000, 1, 1)
        n.disclosure_end = dt.date(2999, 1, 1)
        n.published_file.save("matrix.docx", ContentFile(b"PK"), save=False)
        n.save()
        w.published = n
        w.opinion = do_submit_opinion(n, text="路灯还没有修好，请核实。")
    return w.published


def _register_entry(w):
    from zhenggai.ledger.actions import do_add_recovery

    def make():
        return do_add_recovery(
            w.office, w.inspection, kind="recovered", amount_wan_yuan=3, problems=[w.problem]
        )

    return {"kind": "recovery", **_once(w, "_recovery", make)}


def _export(w):
    return {"pk": w.inspection.pk, "which": "ledger"}


def _staged_import(w):
    from tests.exchange.helpers import staged_import

    return {"pk": staged_import(w).pk}


# Scope of the world fixture: the inspection belongs to 青山镇; `measure` is led by
# the unit 农业办 (``unit``) and answered for by ``leader``; ``other_unit`` (财政所)
# neither leads nor co-leads it; ``outsider`` is the office of another town.
RULES: dict[str, Rule] = {
    "home": Rule(expect={"anonymous": LOGIN, "oversight": 302}),  # → its overview
    # For load balancers: no login, says only ok/error per part.
    "healthz": Rule(),
    # Signed-in users only; each kind of hit is scoped (tests/web/test_search.py).
    "search": Rule(expect={"anonymous": LOGIN}),
    "login": Rule(expect={p: 302 for p in PERSONAS if p != "anonymous"}),
    "logout": Rule(method="post", default=302),
    "inspections:list": Rule(expect={"anonymous": LOGIN}),
    "inspections:detail": Rule(_inspection, expect=HIDDEN),
    "inspections:aspect_create": Rule(_inspection, expect=PLAN_ONLY),
    "inspections:problem_create": Rule(_inspection, expect=PLAN_ONLY),
    "inspections:withdraw": Rule(_inspection, expect=PLAN_ONLY),
    "inspections:problem": Rule(_problem, expect=HIDDEN),
    # Any office may import into its own organisation; a staged import is its office's only.
    "inspections:import_upload": Rule(
        expect={"anonymous": LOGIN, "unit": 403, "other_unit": 403, "leader": 403, "oversight": 403}
    ),
    "inspections:import_preview": Rule(
        _notice_import,
        expect={
            "anonymous": LOGIN,
            "unit": 404,
            "other_unit": 404,
            "leader": 404,
            "oversight": 404,
            "outsider": 404,
        },
    ),
    "inspections:problem_edit": Rule(_problem, expect=PLAN_ONLY),
    "ledger:ledger": Rule(_inspection, expect=HIDDEN),
    "ledger:bulk_assign": Rule(_inspection, method="post", default=302, expect=PLAN_ONLY),
    "ledger:pick_units": Rule(_inspection, expect=HIDDEN),
    "ledger:pick_leaders": Rule(_inspection, expect=PLAN_ONLY),
    "ledger:pick_problems": Rule(_inspection, expect={**HIDDEN, "leader": 403, "oversight": 403}),
    "ledger:problem_list": Rule(_inspection, expect=HIDDEN),
    "ledger:task_list": Rule(_inspection, expect=HIDDEN),
    "ledger:responsibility_list": Rule(_inspection, expect=HIDDEN),
    "ledger:registers": Rule(_inspection, expect=HIDDEN),
    "ledger:register_add": Rule(
        lambda w: {"pk": w.inspection.pk, "kind": "regulation"},
        method="post",
        default=302,
        expect={**HIDDEN, "leader": 403, "oversight": 403},
    ),
    # An entry of `problem`, which both units see; leaders and oversight only read it.
    "ledger:register_entry": Rule(_register_entry, expect=HIDDEN),
    "ledger:register_correct": Rule(
        _register_entry,
        method="post",
        default=400,  # the empty form is refused with its errors
        expect={**HIDDEN, "leader": 403, "oversight": 403},
    ),
    "ledger:register_withdraw": Rule(
        _register_entry,
        method="post",
        default=400,
        expect={**HIDDEN, "leader": 403, "oversight": 403},
    ),
    "ledger:measure_create": Rule(lambda w: {"problem_pk": w.problem.pk}, expect=PLAN_ONLY),
    "ledger:measure": Rule(_measure, expect=ON_MEASURE),
    "ledger:measure_edit": Rule(
        _measure, expect={**ON_MEASURE, "unit": 403, "leader": 403, "oversight": 403}
    ),
    "ledger:progress": Rule(_measure, expect={**ON_MEASURE, "leader": 403, "oversight": 403}),
    "ledger:closure_request": Rule(
        _measure, expect={**ON_MEASURE, "leader": 403, "oversight": 403}
    ),
    "ledger:milestone_add": Rule(
        _measure,
        method="post",
        default=302,
        expect={**ON_MEASURE, "unit": 403, "leader": 403, "oversight": 403},
    ),
    "ledger:milestone_done": Rule(
        _milestone,
        method="post",
        default=302,
        expect={**ON_MEASURE, "leader": 403, "oversight": 403},
    ),
    "ledger:closures": Rule(expect={"anonymous": LOGIN}),
    "ledger:closure_review": Rule(
        _closure("pending_review"),
        expect={**ON_MEASURE, "unit": 403, "leader": 403, "oversight": 403},
    ),
    "ledger:closure_approve": Rule(
        _closure("pending_approval"),
        expect={**ON_MEASURE, "unit": 403, "office": 403, "oversight": 403},
    ),
    "ledger:evidence": Rule(_evidence, expect=ON_MEASURE),
    "ledger:evidence_view": Rule(_evidence, expect=ON_MEASURE),
    "ledger:rechecks": Rule(expect={"anonymous": LOGIN}),
    "ledger:recheck_record": Rule(_recheck, expect={**ON_MEASURE, "unit": 403, "leader": 403}),
    "ledger:carry_over": Rule(expect={"anonymous": LOGIN}),
    # 历史校验: the office, the 巡察办 and admins; 立即校验 is a rate-limited POST.
    "history:verification": Rule(
        expect={"anonymous": LOGIN, "unit": 403, "other_unit": 403, "leader": 403}
    ),
    "history:verify_now": Rule(
        method="post",
        default=302,
        expect={"unit": 403, "other_unit": 403, "leader": 403},
    ),
    # Withdrawing a wrong record: the office (and admins) of the measure, with a reason.
    "ledger:withdraw": Rule(
        lambda w: {"kind": "evidence", **_evidence(w)},
        expect={**ON_MEASURE, "unit": 403, "leader": 403, "oversight": 403},
    ),
    "oversight:overview": Rule(expect={**BOARD, "outsider": 200}),
    "oversight:supervisions": Rule(_inspection, expect=BOARD),
    "oversight:supervision_new": Rule(_inspection, expect=BOARD_WRITE),
    "oversight:attachment": Rule(
        _attachment, expect={"anonymous": LOGIN, "other_unit": 403, "outsider": 404}
    ),
    "oversight:battle_map": Rule(_inspection, expect=BOARD),
    "oversight:battle_map_cards": Rule(_inspection, expect=BOARD),
    "oversight:dashboard": Rule(_inspection, expect=BOARD),
    "oversight:bulletins": Rule(_inspection, expect=BOARD),
    "oversight:bulletin_generate": Rule(
        _inspection, method="post", default=302, expect=BOARD_WRITE
    ),
    "oversight:bulletin": Rule(_bulletin, expect=BOARD),
    # The 巡察办's desk: boards' readers; the office explains and carries over,
    # the oversight office issues 举一反三 self-checks.
    "oversight:organisation": Rule(lambda w: {"pk": w.town.pk}, expect=BOARD),
    "oversight:quality": Rule(_inspection, expect=BOARD),
    "oversight:spot_checks": Rule(_inspection, expect=BOARD),
    "oversight:spot_check": Rule(_spot_check, expect=BOARD),
    "oversight:spot_result": Rule(_spot_item, method="post", default=302, expect=BOARD),
    "oversight:common_problems": Rule(expect={**BOARD, "outsider": 200}),
    "oversight:self_check_issue": Rule(
        data=lambda w: {"problems": str(w.problem.pk)},
        expect={**BOARD, "office": 403, "outsider": 403},
    ),
    "oversight:recurrence": Rule(_inspection, expect=BOARD),
    "oversight:recurrence_link": Rule(_inspection, method="post", default=404, expect=BOARD_WRITE),
    "oversight:carry_over_all": Rule(_inspection, method="post", default=302, expect=BOARD_WRITE),
    "oversight:bulletin_docx": Rule(_bulletin, expect=BOARD),
    # Notices: the office drafts and publishes, leaders of the town and oversight read,
    # unit contacts have no access to drafts (they read the public portal).
    "publication:list": Rule(expect={"anonymous": LOGIN}),
    "publication:generate": Rule(
        _inspection,
        method="post",
        default=403,
        expect={"anonymous": LOGIN, "office": 302, "admin": 302, "outsider": 404},
    ),
    "publication:notice": Rule(
        lambda w: {"pk": _notice(w).pk},
        expect={"anonymous": LOGIN, "unit": 404, "other_unit": 404, "outsider": 404},
    ),
    "publication:edit": Rule(
        lambda w: {"pk": _notice(w).pk},
        default=404,
        expect={"anonymous": LOGIN, "office": 200, "admin": 200, "leader": 403, "oversight": 403},
    ),
    "publication:transition": Rule(
        lambda w: {"pk": _notice(w).pk, "action": "submit"},
        method="post",
        data=lambda w: {"version": _notice(w).version},
        default=404,
        expect={"anonymous": LOGIN, "office": 302, "admin": 302, "leader": 403, "oversight": 403},
    ),
    "publication:download": Rule(
        lambda w: {"pk": _notice(w).pk, "fmt": "txt"},
        expect={"anonymous": LOGIN, "unit": 404, "other_unit": 404, "outsider": 404},
    ),
    "publication:opinions": Rule(
        lambda w: {"pk": _notice(w).pk},
        expect={"anonymous": LOGIN, "unit": 404, "other_unit": 404, "outsider": 404},
    ),
    "publication:opinion": Rule(
        lambda w: (_published(w), {"pk": w.opinion.pk})[1],
        expect={"anonymous": LOGIN, "unit": 404, "other_unit": 404, "outsider": 404},
    ),
    "publication:opinion_tasks": Rule(expect={"anonymous": LOGIN}),
    "publication:opinion_withdraw": Rule(
        lambda w: (_published(w), {"pk": w.opinion.pk})[1],
        expect={
            "anonymous": LOGIN,
            "unit": 404,
            "other_unit": 404,
            "outsider": 404,
            "leader": 403,
            "oversight": 403,
        },
    ),
    # The rectification report is internal: the office writes, the town's leaders approve,
    # the inspection body reads; unit contacts who see the inspection get 403.
    "publication:report": Rule(_inspection, expect=REPORT_READERS),
    "publication:report_generate": Rule(
        _inspection, method="post", default=403, expect=REPORT_WRITERS
    ),
    "publication:report_transition": Rule(
        lambda w: {"pk": _report(w)["pk"], "action": "submit"},
        method="post",
        data=lambda w: {"version": 1},
        default=403,
        expect=REPORT_WRITERS,
    ),
    "publication:report_download": Rule(
        lambda w: {"pk": _report(w)["pk"], "fmt": "docx"}, expect=REPORT_READERS
    ),
    # 不宜公开 marks: the office of the inspected organisation only.
    "publication:withhold": Rule(
        lambda w: {"kind": "problem", "pk": w.problem.pk},
        method="post",
        data=lambda w: {"reason": ""},
        default=403,
        expect=REPORT_WRITERS,
    ),
    # 对账销号单 follow the measure's access; an open measure has none yet (back to it).
    "publication:closure_sheet": Rule(
        lambda w: {"pk": w.measure.pk, "fmt": "docx"},
        default=302,
        expect={"other_unit": 404, "outsider": 404},
    ),
    "publication:closure_sheets": Rule(
        lambda w: {"pk": w.inspection.pk, "fmt": "docx"}, expect=HIDDEN
    ),
    # The public portal: no login, everyone reads.
    "notify:preferences": Rule(expect={"anonymous": LOGIN}),
    "notify:list": Rule(expect={"anonymous": LOGIN}),
    "notify:bell": Rule(expect={"anonymous": LOGIN}),
    "notify:test": Rule(method="post", default=302),
    "notify:read_all": Rule(method="post", default=302),
    "notify:open": Rule(
        lambda w: _once(
            w,
            "_notification",
            lambda: __import__("zhenggai.notify.models").notify.models.Notification.objects.create(
                user=w.office, kind="assigned", title="新交办", url="/"
            ),
        ),
        method="post",
        default=404,
        expect={"anonymous": LOGIN, "office": 302},
    ),
    "public:index": Rule(),
    "public:notice": Rule(lambda w: {"pk": _published(w).pk}),
    "public:notice_file": Rule(lambda w: {"pk": _published(w).pk}),
    "public:receipt": Rule(),
    "public:attachment": Rule(_public_attachment),
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
    # API tokens: each user's own; another user's token is not found.
    "tokens:list": Rule(expect={"anonymous": LOGIN}),
    "tokens:revoke": Rule(
        _api_token, method="post", default=404, expect={"anonymous": LOGIN, "unit": 302}
    ),
    # The REST API: the pages' scoping, 401 instead of the login redirect.
    "api:openapi-json": Rule(expect={"anonymous": LOGIN}),
    "api:openapi-view": Rule(expect={"anonymous": LOGIN}),
    "api:api-root": Rule(default=404),
    "api:inspections": Rule(expect={"anonymous": API_LOGIN}),
    "api:inspection": Rule(_inspection, expect=API_HIDDEN),
    "api:problems": Rule(_inspection, expect=API_HIDDEN),
    "api:measures": Rule(_inspection, expect=API_HIDDEN),
    "api:registers": Rule(_inspection, expect=API_HIDDEN),
    "api:measure": Rule(_measure, expect=API_ON_MEASURE),
    "api:progress": Rule(_measure, expect=API_ON_MEASURE),
    "api:evidence": Rule(_measure, expect=API_ON_MEASURE),
    # Writes run the real action: 201 where allowed (a progress update is made).
    "api:progress_post": Rule(
        _measure,
        method="post",
        data=lambda w: {"date": "2025-03-01", "text": "接口报送的进展"},
        default=201,
        expect={**API_ON_MEASURE, "leader": 403, "oversight": 403},
    ),
    # Closure without any evidence is refused by the action (400) once access is granted.
    "api:closure_request": Rule(
        _measure,
        method="post",
        data=lambda w: {"note": "已完成"},
        default=400,
        expect={**API_ON_MEASURE, "leader": 403, "oversight": 403},
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


def _view_identity(view):
    """A view's code and what it closes over: django-ninja wraps one path's dispatcher
    anew for each method's URL name, so identity (``is``) would differ."""
    cells = tuple(c.cell_contents for c in getattr(view, "__closure__", None) or ())
    return (getattr(view, "__code__", view), cells)


def test_no_two_urls_share_a_path():
    """Two views on one path means the second can never be reached."""
    from django.urls import get_resolver

    seen: dict[str, tuple] = {}
    clashes = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif route in seen and seen[route][1] != _view_identity(p.callback):
                clashes.append(f"{route}: {seen[route][0]} / {p.name}")
            else:
                # The API names each method of one path (GET and POST progress) with its
                # own pattern over the same view, which dispatches by method: no clash.
                seen.setdefault(route, (p.name, _view_identity(p.callback)))

    walk(get_resolver().url_patterns)
    assert not clashes, clashes
