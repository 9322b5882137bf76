"""`zhenggai backup` / `zhenggai restore`: the history and its files come back provably intact.

Runs on the database the suite runs on (SQLite locally, PostgreSQL in CI with
DATABASE_URL), with a real snapshot (SQLite's backup API, pg_dump/pg_restore).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from tests.ledger.files import PDF
from zhenggai.audit.integrity import verify_history
from zhenggai.audit.models import AuditEvent
from zhenggai.backup import BackupError, backup, restore
from zhenggai.ledger import actions
from zhenggai.ledger.models import Evidence, Measure

pytestmark = pytest.mark.django_db(transaction=True)


def media() -> Path:
    return Path(storages["default"].location)


@pytest.fixture
def recorded(world):
    actions.do_post_progress(
        world.unit,
        world.measure,
        date=dt.date(2026, 7, 1),
        text="已清查",
        files=[actions.Upload("清单.pdf", PDF)],
    )
    measure = Measure.objects.get(pk=world.measure.pk)
    actions.do_update_measure(world.office, measure, measure.version, text="清查全部租赁合同及台账")
    assert verify_history().ok
    return world


def wipe() -> None:
    """A new machine: an empty (migrated) database and no uploaded files."""
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media().rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_into_an_empty_database_keeps_the_history_verifiable(
    recorded, tmp_path
):
    archive = tmp_path / "zhenggai.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(archive), stdout=out)
    assert "密钥不在备份中" in out.getvalue()
    events = list(AuditEvent.objects.order_by("id").values_list("id", "at_utc", "hash"))
    wipe()
    assert not Measure.objects.exists() and not any(media().rglob("*.*"))

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "历史校验通过" in out.getvalue()
    assert list(AuditEvent.objects.order_by("id").values_list("id", "at_utc", "hash")) == events
    assert Measure.objects.get(pk=recorded.measure.pk).text == "清查全部租赁合同及台账"
    item = Evidence.objects.get()
    assert item.file.read() == PDF
    assert verify_history().ok
    call_command("verify_history", stdout=io.StringIO())  # exits 0


def test_the_archive_holds_a_manifest_of_hashes_and_never_the_chain_key(recorded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        blobs = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert manifest["vendor"] == connection.vendor and manifest["chain_key_included"] is False
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    evidence = Evidence.objects.get()
    assert manifest["files"][f"media/{evidence.file.name}"] == evidence.sha256
    assert settings.CHAIN_KEY.encode() not in blobs


def test_restore_refuses_a_database_that_has_data(recorded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup(archive)
    with pytest.raises(BackupError, match="只能恢复到空数据库"):
        restore(archive)
    with pytest.raises(CommandError, match="只能恢复到空数据库"):
        call_command("restore", str(archive))


def rewrite(archive: Path, change) -> None:
    """Rewrite one archive in place, passing each (name, bytes) through ``change``."""
    with tarfile.open(archive) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_restore_refuses_an_altered_archive_before_touching_anything(recorded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup(archive)
    wipe()
    rewrite(archive, lambda name, data: data + b"x" if name.startswith("media/") else data)
    with pytest.raises(BackupError, match="SHA-256 与清单不符"):
        restore(archive)
    assert not AuditEvent.objects.exists()


def test_a_backup_is_restored_only_into_the_same_kind_of_database(recorded, tmp_path):
    """Cross-database restore (SQLite ↔ PostgreSQL) is not supported, and says so."""
    archive = tmp_path / "b.tar.gz"
    backup(archive)
    wipe()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def relabel(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["vendor"] = other
        return json.dumps(manifest).encode()

    rewrite(archive, relabel)
    with pytest.raises(BackupError, match="不支持跨数据库恢复"):
        restore(archive)


def test_restoring_without_the_original_key_says_to_hand_the_key_over(recorded, tmp_path, settings):
    archive = tmp_path / "b.tar.gz"
    backup(archive)
    wipe()
    settings.CHAIN_KEY = "another-machines-key-0000"
    with pytest.raises(CommandError, match="密钥"):
        call_command("restore", str(archive), stdout=io.StringIO())
