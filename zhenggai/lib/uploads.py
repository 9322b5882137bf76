"""Uploads: size-checked while they stream in, and the limits on what documents may unpack to.

:class:`LimitedUploadHandler` runs before Django's own handlers and aborts a file the
moment it passes the largest size any form accepts (``ZHENGGAI["EVIDENCE_MAX_BYTES"]``),
so a 200 MB upload costs one chunk of memory, not 200 MB. :class:`UploadTooLargeMiddleware`
turns the abort into a Chinese message (HTTP 413). Forms keep their own, smaller limits.
:func:`expansion_limits` gives what an uploaded .docx/.xlsx/.html may unpack to.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render

from zhenggai.core.expansion import ExpansionLimits


def upload_limit() -> int:
    return int(settings.ZHENGGAI["EVIDENCE_MAX_BYTES"])


class UploadTooLarge(Exception):
    def __init__(self, name: str, limit: int, received: int):
        self.name, self.limit, self.received = name, limit, received
        super().__init__(
            f"“{name}”超过了 {limit / 1048576:.0f} MB 的上限，上传已中止；请压缩或拆分后再上传。"
        )


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_limit():
            raise UploadTooLarge(self.file_name or "", upload_limit(), self.received)
        return raw_data  # hand the chunk on to the next handler

    def file_complete(self, file_size):
        return None  # the next handler makes the file


class UploadTooLargeMiddleware:
    """Parses a multipart POST before the CSRF check reads it (it stands before
    ``CsrfViewMiddleware``), so an aborted upload becomes a page, not a server error.
    Nothing is changed by the refused request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.content_type.startswith("multipart/"):
            return None
        try:
            request.POST  # noqa: B018 - parse now, while we can answer a refusal
        except UploadTooLarge as exc:
            return render(request, "upload_too_large.html", {"message": str(exc)}, status=413)
        return None


def expansion_limits() -> ExpansionLimits:
    """``settings.ZHENGGAI["EXPANSION_LIMITS"]`` as the core's limits (read per call, so
    a test or a deployment can change them)."""
    return ExpansionLimits(**settings.ZHENGGAI.get("EXPANSION_LIMITS", {}))
