"""The running code's identity, for keys of what is kept across requests and restarts.

HTML and rows kept in the cache (``oversight.snapshots.kept_page``, the overview's rows)
are only valid for the templates and code that made them: an upgrade must not serve a
page in yesterday's markup, or unpack rows of yesterday's shape. Every process running
the same code computes the same digest, so app servers still share what they keep.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def code_digest() -> str:
    """SHA-256 of the package's Python sources and templates (about 10 ms, once)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
