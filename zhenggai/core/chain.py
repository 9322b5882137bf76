"""The hash chain of the audit log: each event commits to the one before it.

Rewriting or deleting any past event changes every later hash, so a quiet edit
of the ledger's history is detectable with :func:`verify_chain`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64


def canonical(payload: Mapping[str, Any]) -> str:
    """A stable JSON text of ``payload`` (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def event_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """The hash of one event given the hash of the event before it."""
    return hashlib.sha256((prev_hash + canonical(payload)).encode("utf-8")).hexdigest()


def verify_chain(events: Iterable[tuple[str, str, Mapping[str, Any]]]) -> int | None:
    """Check ``(prev_hash, hash, payload)`` triples in order.

    Returns the index of the first broken event, or None when the chain holds.
    """
    expected_prev = GENESIS
    for index, (prev_hash, digest, payload) in enumerate(events):
        if prev_hash != expected_prev or event_hash(prev_hash, payload) != digest:
            return index
        expected_prev = digest
    return None
