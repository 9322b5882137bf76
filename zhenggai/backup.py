"""Backups that keep the proof: one archive with a consistent database snapshot,
every uploaded file and a manifest of SHA-256 hashes — never the chain's key.

The database snapshot is SQLite's online backup API or ``pg_dump``; uploaded
files are listed after the snapshot, so every file a row of the snapshot names
is in the archive. :func:`restore` checks every hash before it touches
anything and restores only into an empty database of the same kind: a backup of
SQLite cannot be restored into PostgreSQL or the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/zhenggai.sqlite3", "postgresql": "database/zhenggai.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Rows ``migrate`` itself writes into a new database; they do not make it "not empty".
PREFILLED = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator."""


@dataclass
class Summary:
    vendor: str
    files: int
    bytes: int
    events: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            "上传文件不在本地文件系统（如 S3 兼容存储）：请用存储服务自身的备份，"
            "本命令只备份本地文件。"
        )
    return Path(storage.location)


def _key_file() -> Path | None:
    if settings.CHAIN_KEY_FILE:
        return Path(settings.CHAIN_KEY_FILE).resolve()
    return (Path(settings.VAR_DIR) / "chain_key").resolve()


def _pg_env() -> dict[str, str]:
    sd = connection.settings_dict
    env = dict(os.environ)
    for var, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")]:
        if sd.get(key):
            env[var] = str(sd[key])
    if sd.get("PASSWORD"):
        env["PGPASSWORD"] = str(sd["PASSWORD"])
    env["PGDATABASE"] = str(sd["NAME"])
    return env


def _run(args: list[str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(
            f"找不到 {args[0]}：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client）。"
        )
    done = subprocess.run(  # noqa: S603 — fixed arguments, no shell
        [tool, *args[1:]], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{args[0]} 失败：{done.stderr.strip()[:2000]}")


def _snapshot(target: Path) -> None:
    """A consistent copy of the whole database at one moment."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={target}"])
    else:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库。")


def _chain_head() -> dict:
    from zhenggai.audit.models import AuditEvent

    last = AuditEvent.objects.order_by("-id").values("id", "hash", "algorithm").first()
    return {"events": AuditEvent.objects.count(), "last": last}


def backup(output: Path) -> Summary:
    """Write the archive to ``output`` (replaced only once it is complete)."""
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="zhenggai-backup-") as tmp:
        db_file = Path(tmp) / "db"
        head = _chain_head()
        _snapshot(db_file)
        members: list[tuple[str, Path]] = [(DB_MEMBER[vendor], db_file)]
        root, key_file = _media_root(), _key_file()
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                if path.resolve() == key_file:
                    continue  # the chain's key is handed over separately, never archived
                members.append((f"media/{path.relative_to(root).as_posix()}", path))
        hashes = {name: _sha256(path) for name, path in members}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database": DB_MEMBER[vendor],
            "files": hashes,
            "chain": head,
            "chain_key_included": False,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return Summary(
        vendor=vendor,
        files=len(members) - 1,
        bytes=output.stat().st_size,
        events=head["events"],
    )


def tables_with_rows() -> list[str]:
    """The project's tables that hold data (empty for a new or a just-migrated database)."""
    existing = set(connection.introspection.table_names())
    return [
        model._meta.label
        for model in apps.get_models()
        if model._meta.label_lower not in PREFILLED
        and model._meta.db_table in existing
        and model._base_manager.exists()
    ]


def _unpack(archive: Path, into: Path) -> dict:
    """Extract the archive and check every member against the manifest."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError("这不是整改系统的备份文件（缺少 manifest.json）。")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"备份文件无法读取：{exc}") from exc
    manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式版本 {manifest.get('format')} 不受支持（应为 {FORMAT}）。")
    expected = manifest["files"]
    extra = set(names) - set(expected) - {MANIFEST}
    if extra:
        raise BackupError(f"备份中有清单之外的文件：{sorted(extra)[:5]}")
    for name, digest in expected.items():
        path = into / name
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少 {name}")
        if _sha256(path) != digest:
            raise BackupError(f"备份文件已损坏或被改动：{name} 的 SHA-256 与清单不符")
    return manifest


def _drop_project_tables() -> None:
    """A PostgreSQL database that is migrated but empty: drop the project's tables
    (no others) so that the dump recreates them exactly as they were."""
    ours = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    ours.add("django_migrations")
    with connection.cursor() as cursor:
        for table in sorted(ours & set(connection.introspection.table_names())):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def restore(archive: Path) -> Summary:
    """Restore the archive into the current, empty database and file storage."""
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="zhenggai-restore-") as tmp:
        into = Path(tmp)
        manifest = _unpack(Path(archive), into)
        source = manifest["vendor"]
        if source != vendor:
            raise BackupError(
                f"该备份来自 {VENDOR_NAMES.get(source, source)} 数据库，当前数据库是 "
                f"{VENDOR_NAMES.get(vendor, vendor)}：不支持跨数据库恢复。"
                "请恢复到同类数据库（DATABASE_URL 指向同类数据库）。"
            )
        filled = tables_with_rows()
        if filled:
            raise BackupError(
                "只能恢复到空数据库，当前数据库已有数据（" + "、".join(filled[:8]) + "）。"
                "请新建一个空数据库后再恢复。"
            )
        root = _media_root()
        media = {n: d for n, d in manifest["files"].items() if n.startswith("media/")}
        for name in media:
            target = root / name.removeprefix("media/")
            if target.exists() and _sha256(target) != media[name]:
                raise BackupError(
                    f"文件目录中已有同名但内容不同的文件：{target}，请使用空的文件目录。"
                )
        db_file = into / manifest["database"]
        if vendor == "sqlite":
            connection.ensure_connection()
            source_db = sqlite3.connect(db_file)
            try:
                source_db.backup(connection.connection)
            finally:
                source_db.close()
        else:
            _drop_project_tables()
            # --clean also replaces what migrate made outside the models (the cache table).
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-acl",
                    "--single-transaction",
                    "--dbname",
                    _pg_env()["PGDATABASE"],
                    str(db_file),
                ]
            )
        connection.close()
        for name in media:
            target = root / name.removeprefix("media/")
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(into / name, target)
    return Summary(
        vendor=vendor,
        files=len(media),
        bytes=Path(archive).stat().st_size,
        events=manifest["chain"]["events"],
    )
