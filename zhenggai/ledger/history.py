"""What an audit event changed, field by field, in words (“时限 2026-12-23 → 2027-01-15”).

History tables show these lines under the event, so “修改整改措施” says what was
modified. Ids of people and units are named with two queries for a whole list.
"""

from __future__ import annotations

from collections.abc import Iterable

from zhenggai.audit.models import AuditEvent
from zhenggai.inspections.models import Problem
from zhenggai.orgs.models import Organisation, User

from .models import Accountability, Measure, Recovery, Regulation

FIELDS = {
    "label": "序号",
    "group": "措施分组",
    "text": "措施内容",
    "kind": "整改类型",
    "leader": "责任领导",
    "lead_unit": "牵头单位",
    "co_units": "配合单位",
    "deadline": "时限",
    "status": "状态",
    "title": "标题",
    "code": "反馈编号",
    "detail": "问题详情",
    "unit": "承办单位",
    "reply": "答复",
}
#: Register entries name their fields their own way (“金额 3.2 → 3.5”).
REGISTER_FIELDS = {
    "title": "制度名称",
    "issued_on": "印发日期",
    "issuer": "制定单位",
    "count": "人次",
    "target": "对象",
    "date": "日期",
    "note": "说明",
    "amount_wan_yuan": "金额",
    "problems": "对应问题",
}
FIELDS_BY_TYPE = {
    "ledger.regulation": {**REGISTER_FIELDS, "kind": "类型"},
    "ledger.accountability": {**REGISTER_FIELDS, "kind": "方式"},
    "ledger.recovery": {**REGISTER_FIELDS, "kind": "方式"},
}
USERS = {"leader"}
ORGS = {"lead_unit", "co_units", "unit"}
PROBLEMS = {"problems"}
EMPTY = "（空）"


def _choices(object_type: str) -> dict[str, dict[str, str]]:
    kinds = {
        "ledger.regulation": Regulation.Kind,
        "ledger.accountability": Accountability.Kind,
        "ledger.recovery": Recovery.Kind,
    }.get(object_type, Measure.Kind)
    return {"status": dict(Measure.Status.choices), "kind": dict(kinds.choices)}


def _fields(e: AuditEvent) -> dict[str, str]:
    return FIELDS_BY_TYPE.get(e.object_type, FIELDS)


def describe(events: Iterable[AuditEvent]) -> None:
    """Set ``changes`` (a list of lines) on each event."""
    events = list(events)
    user_ids, org_ids, problem_ids = set(), set(), set()
    for e in events:
        for key in _changed(e):
            for side in (e.before.get(key), e.after.get(key)):
                ids = side if isinstance(side, list) else [side]
                ids = [i for i in ids if isinstance(i, int)]
                wanted = user_ids if key in USERS else org_ids if key in ORGS else None
                wanted = problem_ids if key in PROBLEMS else wanted
                if wanted is not None:
                    wanted.update(ids)
    users = {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)}
    orgs = {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=org_ids)}
    problems = {}
    if problem_ids:  # register corrections only: no query for a measure's history
        problems = {
            p.pk: p.code or p.title[:12] for p in Problem.objects.filter(pk__in=problem_ids)
        }

    def show(key, value, choices) -> str:
        if value in (None, "", []):
            return EMPTY
        if key in USERS:
            return users.get(value, str(value))
        if key in ORGS or key in PROBLEMS:
            names = orgs if key in ORGS else problems
            values = value if isinstance(value, list) else [value]
            return "、".join(names.get(v, str(v)) for v in values)
        if key in choices:
            return choices[key].get(value, str(value))
        text = str(value)
        return text if len(text) <= 40 else f"{text[:40]}…"

    for e in events:
        fields, choices = _fields(e), _choices(e.object_type)
        e.changes = [
            f"{fields[key]} {show(key, e.before.get(key), choices)} → "
            f"{show(key, e.after.get(key), choices)}"
            for key in _changed(e)
        ]


def described(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The events as a list, each with its ``changes`` lines."""
    events = list(events)
    describe(events)
    return events


def _changed(e: AuditEvent) -> list[str]:
    if not e.before or not e.after:
        return []
    fields = _fields(e)
    return [k for k in fields if k in e.before and k in e.after and e.before[k] != e.after[k]]
