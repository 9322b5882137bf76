"""The JSON a searchable picker (``picker.js``, ``lib.forms.RemoteSelect``) loads on demand."""

from __future__ import annotations

from django.db.models import Q
from django.http import JsonResponse

from zhenggai.core.text import normalize_text
from zhenggai.lib.matching import holding

PICKS = 30  # options sent per request; typing narrows them


def picker_json(request, queryset, *fields: str) -> JsonResponse:
    """Up to PICKS rows of ``queryset`` whose ``fields`` contain ``?q=``, as
    ``{"results": [{"id", "text"}], "more": bool}``. The caller scopes the queryset."""
    q = normalize_text(request.GET.get("q", "")).strip()[:50]
    if q:
        match = Q()
        for name in fields:
            match |= holding(name, q)
        queryset = queryset.filter(match)
    rows = list(queryset[: PICKS + 1])
    return JsonResponse(
        {
            "results": [{"id": row.pk, "text": str(row)} for row in rows[:PICKS]],
            "more": len(rows) > PICKS,
        }
    )
