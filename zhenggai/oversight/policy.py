"""Which ladder and which light thresholds apply to an inspection."""

from __future__ import annotations

from django.conf import settings

from zhenggai.core.escalation import Ladder
from zhenggai.core.lights import LightRules

from .models import EscalationPolicy


def policy_for(organisation) -> EscalationPolicy:
    """The nearest policy up the tree, or an unsaved one with the settings' defaults."""
    return policies_for([organisation])[organisation.pk if organisation else None]


def policies_for(organisations) -> dict:
    """:func:`policy_for` of many organisations in one query, keyed by organisation id."""
    chains = {
        o.pk if o else None: [int(x) for x in o.path.strip("/").split("/") if x] if o else []
        for o in organisations
    }
    wanted = {pk for chain in chains.values() for pk in chain}
    found = {
        p.organisation_id: p for p in EscalationPolicy.objects.filter(organisation_id__in=wanted)
    }
    by_org = {o.pk if o else None: o for o in organisations}
    out = {}
    for key, chain in chains.items():
        near = next((found[pk] for pk in reversed(chain) if pk in found), None)
        out[key] = near or _default_policy(by_org[key])
    return out


def _default_policy(organisation) -> EscalationPolicy:
    conf = settings.ZHENGGAI
    return EscalationPolicy(
        organisation=organisation,
        notice_days=conf["NOTICE_DAYS"],
        yellow_days=conf["YELLOW_DAYS_BEFORE_DEADLINE"],
        stale_days=conf["YELLOW_DAYS_WITHOUT_UPDATE"],
        bulletin_days=conf["BULLETIN_DAYS"],
    )


def ladder_of(policy: EscalationPolicy) -> Ladder:
    return Ladder(
        notice_days=policy.notice_days,
        yellow_days=policy.yellow_days,
        stale_days=policy.stale_days,
        red_repeat_days=policy.red_repeat_days,
        oversight_after_days=policy.oversight_after_days,
    )


def rules_of(policy: EscalationPolicy) -> LightRules:
    # The lights and the ladder share the yellow and stale thresholds, so a
    # yellow light and a yellow reminder always mean the same thing.
    return LightRules(
        yellow_days_before_deadline=policy.yellow_days,
        yellow_days_without_update=policy.stale_days,
    )
