"""An organisation's escalation policy and the light rules it sets: the one place that
says which thresholds a measure's light, a reminder, a bulletin or a count uses.

The model's table belongs to the oversight app (``app_label``); it is defined here, beside
the organisation, so that every layer from the ledger up can read it without importing
oversight.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models

from zhenggai.core.escalation import Ladder
from zhenggai.core.lights import LightRules

from .models import Organisation


class EscalationPolicy(models.Model):
    """An organisation's escalation ladder and bulletin frequency.

    Applies to the inspections of this organisation and of those under it that
    have no policy of their own; without any, the defaults in settings apply.
    """

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name="组织",
        on_delete=models.CASCADE,
        related_name="escalation_policy",
    )
    notice_days = models.PositiveSmallIntegerField("到期前提醒天数", default=20)
    yellow_days = models.PositiveSmallIntegerField("到期前黄灯天数", default=10)
    stale_days = models.PositiveSmallIntegerField("未报送进展转黄灯天数", default=30)
    bulletin_days = models.PositiveSmallIntegerField("通报周期（天）", default=14)
    red_repeat_days = models.PositiveSmallIntegerField(
        "红灯重复督办间隔（天）", default=7, help_text="逾期未销号时每隔几天再次督办"
    )
    oversight_after_days = models.PositiveSmallIntegerField(
        "逾期报巡察办天数", default=30, help_text="逾期满几天报告上级巡察办"
    )

    class Meta:
        app_label = "oversight"  # its table and migrations stay with the oversight app
        verbose_name = "督办升级规则"
        verbose_name_plural = "督办升级规则"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notice_days__gte=models.F("yellow_days")),
                name="policy_notice_before_yellow",
            ),
            models.CheckConstraint(
                condition=models.Q(bulletin_days__gte=1), name="policy_bulletin_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} 的督办规则"


def _ancestor_ids(organisation: Organisation | None) -> list[int]:
    return [int(x) for x in organisation.path.strip("/").split("/") if x] if organisation else []


def _default_policy(organisation: Organisation | None) -> EscalationPolicy:
    conf = settings.ZHENGGAI
    return EscalationPolicy(
        organisation=organisation,
        notice_days=conf["NOTICE_DAYS"],
        yellow_days=conf["YELLOW_DAYS_BEFORE_DEADLINE"],
        stale_days=conf["YELLOW_DAYS_WITHOUT_UPDATE"],
        bulletin_days=conf["BULLETIN_DAYS"],
    )


def policies_for(organisations: Iterable[Organisation]) -> dict[int, EscalationPolicy]:
    """Organisation id → the nearest policy up its tree, or an unsaved one with the
    settings' defaults (one query for any number of organisations)."""
    orgs = list(organisations)
    ids = {pk for org in orgs for pk in _ancestor_ids(org)}
    found = {p.organisation_id: p for p in EscalationPolicy.objects.filter(organisation_id__in=ids)}
    result = {}
    for org in orgs:
        nearest = next((found[pk] for pk in reversed(_ancestor_ids(org)) if pk in found), None)
        result[org.pk] = nearest or _default_policy(org)
    return result


def policy_for(organisation: Organisation | None) -> EscalationPolicy:
    """The nearest policy up the tree, or an unsaved one with the settings' defaults."""
    if organisation is None:
        return _default_policy(None)
    return policies_for([organisation])[organisation.pk]


def ladder_of(policy: EscalationPolicy) -> Ladder:
    return Ladder(
        notice_days=policy.notice_days,
        yellow_days=policy.yellow_days,
        stale_days=policy.stale_days,
        red_repeat_days=policy.red_repeat_days,
        oversight_after_days=policy.oversight_after_days,
    )


def rules_of(policy: EscalationPolicy) -> LightRules:
    """The light thresholds of a policy. The lights and the ladder share the yellow and
    stale thresholds, so a yellow light and a yellow reminder always mean the same thing."""
    return LightRules(
        yellow_days_before_deadline=policy.yellow_days,
        yellow_days_without_update=policy.stale_days,
    )
