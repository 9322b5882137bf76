"""Files handed to the browser: names that say what the document is, sent as RFC 5987.

``云溪镇党委巡察整改进展情况通报-2026-12-02.docx`` instead of ``notice-1.docx``;
the header carries the UTF-8 name as ``filename*`` (Django's
``content_disposition_header``), which every current browser reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters no file system takes in a name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def document_filename(what: str, day: dt.date, ext: str) -> str:
    """``{what}-{YYYY-MM-DD}.{ext}``, with characters a file name cannot hold removed."""
    return f"{_UNSAFE.sub('', what).strip() or '文件'}-{day:%Y-%m-%d}.{ext}"


def file_download(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """``data`` as a download named ``filename`` (type from the extension)."""
    return _named(HttpResponse(data, content_type=_content_type(filename)), filename, inline)


def streamed_download(chunks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    """A download whose bytes are sent as ``chunks`` makes them (a large Excel export):
    the browser starts saving at once instead of waiting for the whole file."""
    response = StreamingHttpResponse(chunks, content_type=_content_type(filename))
    response["X-Accel-Buffering"] = "no"  # nginx passes the chunks on as they come
    return _named(response, filename, False)


def _content_type(filename: str) -> str:
    return CONTENT_TYPES.get(filename.rsplit(".", 1)[-1], "application/octet-stream")


def _named(response, filename: str, inline: bool):
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
