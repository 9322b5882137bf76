"""Uploaded documents: the limits on what they may unpack to, from settings."""

from __future__ import annotations

from django.conf import settings

from zhenggai.core.expansion import ExpansionLimits


def expansion_limits() -> ExpansionLimits:
    """``settings.ZHENGGAI["EXPANSION_LIMITS"]`` as the core's limits (read per call, so
    a test or a deployment can change them)."""
    return ExpansionLimits(**settings.ZHENGGAI.get("EXPANSION_LIMITS", {}))
