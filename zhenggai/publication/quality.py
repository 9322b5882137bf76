"""The notice's part of the quality checks: figures the notice states that disagree
with the ledger (problems, measures, closed, rules, accountability, 万元).

It lives with the notices, above the oversight app, and adds its findings to the
ledger's (:func:`zhenggai.oversight.quality.findings`); :func:`findings` here is the
whole list the quality page and ``zhenggai quality`` show.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from zhenggai.core.quality import CLAIM_LABELS, notice_claims
from zhenggai.oversight import quality

from .generate import registers
from .models import Notice


def findings(inspection, today: dt.date) -> list[quality.Finding]:
    """Every finding of every rule on ``inspection``, explanations attached."""
    return quality.findings(inspection, today, extra=notice_findings(inspection))


def notice_findings(inspection) -> list[quality.Finding]:
    """The latest notice's stated figures that differ from the ledger's."""
    notice = Notice.objects.filter(inspection=inspection).order_by("-pk").first()
    claims = notice_claims(notice.body) if notice is not None and notice.body else {}
    if not claims:
        return []
    # Compared with what this notice counts: a 社会通报 counts only what it may print.
    reg = registers(inspection, public=notice.is_public, note_withheld=notice.note_withheld)
    ledger = {
        "problems": reg.problems_total,
        "measures": reg.measures_total,
        "closed": reg.measures_closed,
        "regulations": reg.regulations_new + reg.regulations_revised,
        "accountability": sum(n for _, n in reg.accountability),
        "recovered": sum((a for _, a in reg.recoveries), Decimal(0)),
    }
    url = reverse("publication:notice", args=[notice.pk])
    return [
        quality.Finding(
            "notice_mismatch",
            f"notice:{notice.pk}:{key}",
            f"{notice.title}：{CLAIM_LABELS[key]}",
            f"通报写 {_fmt(claimed)}，台账为 {_fmt(ledger[key])}",
            url,
        )
        for key, claimed in claims.items()
        if claimed != ledger[key]
    ]


def _fmt(value) -> str:
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
