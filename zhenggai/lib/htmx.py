"""One view, two renderings: the whole page, or its partial for an HTMX request."""

from __future__ import annotations

from django.shortcuts import render


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_htmx(request, template: str, partial: str, context: dict):
    """Render ``partial`` for HTMX requests and ``template`` (which includes it) otherwise."""
    return render(request, partial if is_htmx(request) else template, context)
