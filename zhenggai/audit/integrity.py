"""Keeping the history honest: the chain's key, sealing events, verifying everything.

``verify_history()`` is what ``zhenggai verify-history`` and the daily tick run:
it re-computes every link of the audit chain with the key, checks that the event
the last good run ended on is still there (a cut-off tail is otherwise
invisible), and re-hashes every stored file that carries its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from zhenggai.core.chain import GENESIS, Link, canonical_time, event_hash, first_break
from zhenggai.lib.filehash import hash_field_of, sha256_of

from .models import AuditEvent, ChainVerification

logger = logging.getLogger(__name__)
KEY_MIN_LENGTH = 16
# Compared to this many characters of the canonical text: milliseconds, what
# Django's JSON dump keeps of a datetime.
_TIME_DIGITS = len("2026-01-02T03:04:05.123")


def _key_path() -> tuple[Path, bool]:
    if settings.CHAIN_KEY_FILE:
        return Path(settings.CHAIN_KEY_FILE), True
    return Path(settings.VAR_DIR) / "chain_key", False


def _create_key(path: Path) -> None:
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secrets.token_hex(32) + "\n")


def chain_key() -> bytes:
    """The HMAC key of the audit chain: ``CHAIN_KEY``, the file ``CHAIN_KEY_FILE``, or
    ``var/chain_key`` (created on first run outside production)."""
    text = settings.CHAIN_KEY
    if not text:
        path, explicit = _key_path()
        if not path.exists():
            if explicit or settings.SECURE:
                raise ImproperlyConfigured(
                    f"找不到操作记录链的密钥文件 {path}。生产环境须设置 CHAIN_KEY 或 "
                    "CHAIN_KEY_FILE（从原服务器拷贝密钥；首次部署可用 "
                    "`openssl rand -hex 32 > 文件; chmod 600 文件` 生成）。"
                    "没有原密钥，已有的操作记录无法校验。"
                )
            _create_key(path)
        text = path.read_text(encoding="utf-8")
    text = text.strip()
    if len(text) < KEY_MIN_LENGTH:
        raise ImproperlyConfigured(f"操作记录链的密钥太短（至少 {KEY_MIN_LENGTH} 个字符）。")
    return text.encode("utf-8")


def seal(event: AuditEvent, key: bytes) -> None:
    """Fill in the canonical time, the algorithm and the hash of an unsaved event
    whose ``at`` and ``prev_hash`` are set."""
    event.at_utc = canonical_time(event.at)
    event.algorithm = settings.CHAIN_ALGORITHM
    event.hash = event_hash(key, event.algorithm, event.prev_hash, event.payload())


@dataclass
class _Walk:
    """What the verifier saw while walking the chain."""

    count: int = 0
    current_id: int = 0
    last_good_hash: str = ""
    problems: list[tuple[int, str]] = field(default_factory=list)


def _chain_problems(key: bytes) -> _Walk:
    """Walk the whole chain once, in id order; problems are (event id, reason)."""
    walk = _Walk()
    retimed: list[tuple[int, str]] = []

    def links() -> Iterator[Link]:
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            walk.count += 1
            walk.current_id = event.pk
            if canonical_time(event.at)[:_TIME_DIGITS] != event.at_utc[:_TIME_DIGITS]:
                retimed.append((event.pk, "时间被改动（与封存时记录的时间不符）"))
            yield Link(event.prev_hash, event.hash, event.algorithm, event.payload())
            walk.last_good_hash = event.hash

    found = first_break(links(), key, start=GENESIS)
    if found is not None:
        walk.problems.append((walk.current_id, found.reason))
    walk.problems += retimed[:1]
    anchor = ChainVerification.objects.filter(last_event_id__isnull=False).first()
    if (
        anchor
        and not AuditEvent.objects.filter(pk=anchor.last_event_id, hash=anchor.last_hash).exists()
    ):
        when = timezone.localtime(anchor.started_at)
        walk.problems.append(
            (
                anchor.last_event_id or 0,
                f"上次校验（{when:%Y-%m-%d %H:%M}）时的最后一条记录已不存在或被改动（链尾被删除）",
            )
        )
    walk.problems.sort()
    return walk


def hashed_files() -> list[tuple[type[models.Model], str, str]]:
    """Every stored file with its recorded SHA-256, as (model, file field, hash field):
    evidence, attachments, published notices, staged imports, …"""
    found = []
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.get_fields()}
        for name, f in names.items():
            if isinstance(f, models.FileField) and hash_field_of(name) in names:
                found.append((model, name, hash_field_of(name)))
    return found


def unhashed_files() -> list[str]:
    """File fields without a stored hash (a test keeps this empty)."""
    hashed = {(m, f) for m, f, _h in hashed_files()}
    return [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField) and (model, f.name) not in hashed
    ]


def files_checked() -> tuple[int, list[str]]:
    """Re-hash every stored file against its recorded SHA-256: (count, problems).
    Withdrawn records count too: their files are kept, so they are checked."""
    count, problems = 0, []
    for model, file_field, hash_field in hashed_files():
        storage = model._meta.get_field(file_field).storage  # type: ignore[union-attr]
        label = model._meta.verbose_name
        rows = model._base_manager.exclude(**{file_field: ""}).order_by("pk")
        for pk, name, expected in rows.values_list("pk", file_field, hash_field).iterator():
            count += 1
            try:
                actual = sha256_of(storage, name)
            except FileNotFoundError:
                problems.append(f"{label} #{pk}：文件 {name} 缺失")
                continue
            if not expected:
                problems.append(f"{label} #{pk}：文件 {name} 没有登记 SHA-256，无法校验")
            elif actual != expected:
                problems.append(f"{label} #{pk}：文件 {name} 的内容与登记的 SHA-256 不符")
    return count, problems


def verify_history(trigger: str = ChainVerification.Trigger.COMMAND) -> ChainVerification:
    """Check the chain and the files, store and return the result."""
    started = timezone.now()
    walk = _chain_problems(chain_key())
    n_files, file_problems = files_checked()
    ok = not walk.problems and not file_problems
    return ChainVerification.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        day=timezone.localdate(started),
        trigger=trigger,
        ok=ok,
        events_checked=walk.count,
        files_checked=n_files,
        # The anchor for the next run: only a chain that held is worth remembering.
        last_event_id=(walk.current_id or None) if not walk.problems else None,
        last_hash=walk.last_good_hash if not walk.problems else "",
        first_bad_event_id=walk.problems[0][0] if walk.problems else None,
        problems=[f"操作记录 #{pk}：{reason}" for pk, reason in walk.problems] + file_problems,
    )


def verify_daily(today: dt.date) -> ChainVerification | None:
    """The tick's check: once per day; None when today's check already ran."""
    if ChainVerification.objects.filter(day=today, trigger=ChainVerification.Trigger.TICK).exists():
        return None
    result = verify_history(ChainVerification.Trigger.TICK)
    if not result.ok:  # also in the log, for whoever reads cron's output
        logger.error("历史校验未通过：%s", "；".join(result.problems[:5]))
    if result.day != today:  # a tick run for another day (--today) files it there
        result.day = today
        result.save(update_fields=["day"])
    return result


def last_failure() -> ChainVerification | None:
    """The latest check when it failed (pages warn about it), else None."""
    last = ChainVerification.objects.only("pk", "ok", "started_at", "first_bad_event_id").first()
    return last if last is not None and not last.ok else None
