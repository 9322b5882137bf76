"""``/healthz``: is this app server able to serve? For load balancers and systemd checks.

No login, and nothing in the answer but "ok" or "error" per part: the reason of a
failure goes to the server log, never to whoever asked.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

PROBE_NAME = "healthz/probe.txt"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    # Write, read back and remove a probe: reachable is not enough if uploads would fail.
    name = default_storage.save(PROBE_NAME, ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as fh:
            if fh.read() != b"ok":
                raise OSError("storage returned different bytes")
    finally:
        default_storage.delete(name)


CHECKS = {"database": _database, "storage": _storage}


@never_cache
@require_GET
def healthz(request):
    parts = {}
    for part, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not healthy"; the reason is logged, not sent
            log.exception("healthz: %s check failed", part)
            parts[part] = "error"
        else:
            parts[part] = "ok"
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **parts}, status=200 if healthy else 503
    )


class HealthCheckMiddleware:
    """Answers ``/healthz`` ahead of the host check and the HTTPS redirect: load balancers
    and container health checks call it by address over plain HTTP on the inside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)
