"""Content-Security-Policy: scripts and styles only from our own static files.

No ``'unsafe-inline'``: templates carry no ``onclick``/``style=``/inline ``<script>``
(``static/zhenggai.js`` does confirmations and sizes from ``data-*`` attributes), so an
injected ``<script>`` or event handler would not run even if escaping ever failed.
A response that needs one known inline style (the standalone notice HTML) names it by
hash with :func:`allow_style`.
"""

from __future__ import annotations

import base64
import hashlib

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADER = "Content-Security-Policy"


def policy(**extra: str) -> str:
    merged = {**DIRECTIVES, **{k.replace("_", "-"): v for k, v in extra.items()}}
    return "; ".join(f"{name} {value}" for name, value in merged.items())


def allow_style(response, css: str):
    """Let exactly this inline ``<style>`` text apply to ``response``."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    response[HEADER] = policy(style_src=f"'self' 'sha256-{digest}'")
    return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.header)
        return response
