"""Keeping the stored lights (``Measure.lit_rank``, ``lit_deadline``) in step.

The tick stores every measure's light each day (:func:`~.models.relight_all`); between
ticks every audited action on a measure stores that measure's light again, inside the
action's transaction, so an office's home ordered by stored lights never lags an action.
A saved escalation policy may move every light: the stored ones are then set aside
until the next tick, and the pages compute lights instead.
"""

from __future__ import annotations

from django.utils import timezone

from .models import LightsDay, relight


def on_recorded(sender, *, measure=None, **kwargs) -> None:
    """Receiver of :data:`zhenggai.audit.log.recorded`: store the measure's light."""
    if measure is not None:
        relight(timezone.localdate(), [measure.pk])


def on_policy_saved(sender, **kwargs) -> None:
    """Receiver of ``post_save`` for an escalation policy."""
    LightsDay.objects.update(day=None)
