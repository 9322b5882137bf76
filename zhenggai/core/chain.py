"""The keyed hash chain of the audit log: each event commits to the one before it.

An event's hash is an HMAC, keyed by a secret kept outside the database, over
the previous event's hash and a canonical text of the event. Rewriting, deleting
or inserting a past event changes every later link, and without the key nobody
can compute a chain that verifies again. The default algorithm is SM3 (国密,
GB/T 32905-2016) through OpenSSL; SHA-256 can be chosen instead. Each event
names its algorithm, so a chain may switch algorithm and still verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
ALGORITHMS = ("sm3", "sha256")
DEFAULT_ALGORITHM = "sm3"


class UnsupportedAlgorithm(ValueError):
    """The platform's hashlib/OpenSSL cannot compute the chosen algorithm."""


def check_algorithm(name: str) -> None:
    """Raise :class:`UnsupportedAlgorithm` (with a Chinese message) unless ``name``
    is one of :data:`ALGORITHMS` and this platform's OpenSSL provides it."""
    if name not in ALGORITHMS:
        raise UnsupportedAlgorithm(
            f"不支持的操作记录哈希算法“{name}”，可选：{'、'.join(ALGORITHMS)}。"
        )
    try:
        hashlib.new(name, b"")
    except ValueError as exc:
        raise UnsupportedAlgorithm(
            f"本机的 OpenSSL 不提供 {name.upper()} 算法（{exc}）。请安装带国密算法的 "
            "OpenSSL 3，或设置 ZG_CHAIN_ALGORITHM=sha256 改用 SHA-256。"
        ) from exc


def canonical(payload: Mapping[str, Any]) -> str:
    """A stable JSON text of ``payload`` (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def canonical_time(value: dt.datetime) -> str:
    """A timezone-aware moment as UTC text with microseconds: ``2026-01-02T03:04:05.000006Z``.

    The chain commits to this text, not to the database's datetime, so a dump,
    a restore or another database that keeps fewer digits cannot change a hash.
    """
    if value.tzinfo is None:
        raise ValueError("canonical_time needs a timezone-aware datetime")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(key: bytes, algorithm: str, prev_hash: str, payload: Mapping[str, Any]) -> str:
    """The hash of one event given the hash of the event before it."""
    message = (prev_hash + canonical(payload)).encode("utf-8")
    return hmac.new(key, message, algorithm).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored event as the verifier sees it."""

    prev_hash: str
    hash: str
    algorithm: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    """Where and why a chain stops holding; ``index`` counts from the first link."""

    index: int
    reason: str


def first_break(links: Iterable[Link], key: bytes, *, start: str = GENESIS) -> Break | None:
    """Check ``links`` in order; return the first broken one, or None when the chain holds."""
    expected_prev = start
    for index, link in enumerate(links):
        if link.algorithm not in ALGORITHMS:
            return Break(index, f"算法“{link.algorithm}”无效（记录被改动）")
        if link.prev_hash != expected_prev:
            return Break(index, "与前一条记录的哈希不衔接（前面的记录被删除、插入或改动）")
        digest = event_hash(key, link.algorithm, link.prev_hash, link.payload)
        if not hmac.compare_digest(digest, link.hash):
            return Break(index, "哈希值不符（记录被改动，或链条被不持有密钥者重算）")
        expected_prev = link.hash
    return None
