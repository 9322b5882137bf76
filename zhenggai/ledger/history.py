"""What an audit event changed, field by field, in words (“时限 2026-12-23 → 2027-01-15”).

History tables show these lines under the event, so “修改整改措施” says what was
modified. Ids of people and units are named with two queries for a whole list.
"""

from __future__ import annotations

from collections.abc import Iterable

from zhenggai.audit.models import AuditEvent
from zhenggai.orgs.models import Organisation, User

from .models import Measure

FIELDS = {
    "label": "序号",
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
    "record": "记录",
}
USERS = {"leader"}
ORGS = {"lead_unit", "co_units", "unit"}
EMPTY = "（空）"


def _choices() -> dict[str, dict[str, str]]:
    return {"status": dict(Measure.Status.choices), "kind": dict(Measure.Kind.choices)}


def describe(events: Iterable[AuditEvent]) -> None:
    """Set ``changes`` (a list of lines) on each event."""
    events = list(events)
    user_ids, org_ids = set(), set()
    for e in events:
        for key in _changed(e):
            for side in (e.before.get(key), e.after.get(key)):
                ids = side if isinstance(side, list) else [side]
                ids = [i for i in ids if isinstance(i, int)]
                (user_ids if key in USERS else org_ids if key in ORGS else set()).update(ids)
    users = {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)}
    orgs = {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=org_ids)}
    choices = _choices()

    def show(key, value) -> str:
        if value in (None, "", []):
            return EMPTY
        if key in USERS:
            return users.get(value, str(value))
        if key in ORGS:
            values = value if isinstance(value, list) else [value]
            return "、".join(orgs.get(v, str(v)) for v in values)
        if key in choices:
            return choices[key].get(value, str(value))
        text = str(value)
        return text if len(text) <= 40 else f"{text[:40]}…"

    for e in events:
        e.changes = [
            f"{FIELDS[key]} {show(key, e.before.get(key))} → {show(key, e.after.get(key))}"
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
    return [k for k in FIELDS if k in e.before and k in e.after and e.before[k] != e.after[k]]
