"""`zhenggai verify-history`: an intact history passes; every quiet rewrite is named."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from tests.ledger.files import PDF
from zhenggai.audit.integrity import chain_key, verify_history
from zhenggai.audit.log import record
from zhenggai.audit.models import AuditEvent, ChainVerification
from zhenggai.core.chain import GENESIS, canonical, event_hash
from zhenggai.ledger import actions
from zhenggai.ledger.actions import Upload
from zhenggai.ledger.models import Evidence
from zhenggai.notify.models import OutboundMessage
from zhenggai.oversight.tick import run_tick

pytestmark = pytest.mark.django_db


def history(w, n=4):
    for i in range(n):
        record(w.office, "measure.update", w.measure, before={"i": i}, after={"i": i + 1})
    return list(AuditEvent.objects.order_by("id"))


def run() -> tuple[int, str]:
    """Exit status and output of the command, as an operator sees them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", stdout=out, stderr=err)
    except CommandError as exc:
        return 1, err.getvalue() + str(exc)
    return 0, out.getvalue()


def test_an_intact_history_exits_zero_and_is_stored(world):
    history(world)
    status, output = run()
    assert status == 0 and "历史完好" in output
    last = ChainVerification.objects.get()
    assert (
        last.ok and last.events_checked == 4 and last.last_event_id == AuditEvent.objects.last().pk
    )


def test_an_edited_row_is_named(world):
    events = history(world)
    AuditEvent.objects.filter(pk=events[1].pk).update(note="悄悄改过")
    status, output = run()
    assert status == 1 and f"#{events[1].pk}" in output and "哈希值不符" in output
    assert ChainVerification.objects.get().first_bad_event_id == events[1].pk


def test_a_deleted_row_is_named_at_the_event_after_it(world):
    events = history(world)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    status, output = run()
    assert status == 1 and f"第一条异常记录为 #{events[2].pk}" in output


def test_a_cut_off_tail_is_found_by_the_last_good_check(world):
    events = history(world)
    assert run()[0] == 0
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    status, output = run()
    assert status == 1 and "链尾被删除" in output and f"#{events[-1].pk}" in output


@pytest.mark.parametrize(
    "recompute",
    [
        lambda prev, payload: hashlib.sha256((prev + canonical(payload)).encode()).hexdigest(),
        lambda prev, payload: event_hash(b"a-guessed-key-0000", "sm3", prev, payload),
    ],
    ids=["plain-sha256", "hmac-with-another-key"],
)
def test_a_chain_recomputed_without_the_key_is_named_at_its_first_event(world, recompute):
    events = history(world)
    AuditEvent.objects.filter(pk=events[2].pk).update(after={"i": 999})
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        digest = recompute(prev, event.payload())
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev = digest
    status, output = run()
    assert status == 1 and f"第一条异常记录为 #{events[0].pk}" in output


def test_an_edited_time_is_named(world):
    events = history(world)
    AuditEvent.objects.filter(pk=events[2].pk).update(at=events[2].at - dt.timedelta(days=3))
    status, output = run()
    assert status == 1 and f"#{events[2].pk}" in output and "时间被改动" in output


def test_sha256_can_be_chosen_and_each_event_keeps_its_algorithm(world, settings):
    record(world.office, "measure.update", world.measure)
    settings.CHAIN_ALGORITHM = "sha256"
    record(world.office, "measure.update", world.measure)
    assert list(AuditEvent.objects.values_list("algorithm", flat=True)) == ["sm3", "sha256"]
    assert run()[0] == 0


def evidence(w) -> Evidence:
    actions.do_post_progress(
        w.unit, w.measure, date=dt.date(2026, 7, 1), text="已清查", files=[Upload("清单.pdf", PDF)]
    )
    return Evidence.objects.get()


def test_a_changed_or_missing_evidence_file_is_named(world):
    item = evidence(world)
    assert run()[0] == 0
    with item.file.storage.open(item.file.name, "wb") as f:
        f.write(PDF + b"%changed")
    status, output = run()
    assert status == 1 and f"#{item.pk}" in output and "SHA-256 不符" in output
    item.file.storage.delete(item.file.name)
    status, output = run()
    assert status == 1 and "缺失" in output


def test_a_changed_supervision_attachment_is_named(world):
    from tests.oversight.helpers import attachment

    item = attachment(world)
    with item.file.storage.open(item.file.name, "wb") as f:
        f.write(b"%PDF-1.4 replaced")
    status, output = run()
    assert status == 1 and "SHA-256 不符" in output


def test_timestamps_survive_dumpdata_and_loaddata(world, tmp_path):
    """Django's JSON dump keeps milliseconds; the chain commits to microseconds."""
    moment = dt.datetime(2026, 7, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        record(world.office, "measure.update", world.measure, after={"text": "甲"})
    history(world, 2)
    dump = tmp_path / "audit.json"
    call_command("dumpdata", "audit.AuditEvent", output=str(dump), verbosity=0)
    assert "08:30:15.123Z" in dump.read_text(encoding="utf-8")  # the truncation is real
    AuditEvent.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    restored = AuditEvent.objects.order_by("id").first()
    assert restored.at.microsecond == 123000 and restored.at_utc.endswith("15.123456Z")
    assert run()[0] == 0
    assert json.loads(dump.read_text(encoding="utf-8"))[0]["fields"]["at_utc"] == (
        "2026-07-01T08:30:15.123456Z"
    )


def test_the_tick_checks_once_a_day_and_alerts_administrators_and_the_office(world):
    for u in (world.admin, world.office, world.outsider, world.unit):
        u.email = f"{u.username}@example.org"
        u.save(update_fields=["email"])
    events = history(world)
    today = timezone.localdate()
    assert run_tick(today, send=False, bulletins=False).history == "完好"
    AuditEvent.objects.filter(pk=events[0].pk).update(note="改")
    assert run_tick(today, send=False, bulletins=False).history == ""  # once a day
    result = run_tick(today + dt.timedelta(days=1), send=False, bulletins=False)
    assert result.history == "发现问题"
    alerts = OutboundMessage.objects.filter(rung="integrity")
    assert set(alerts.values_list("address", flat=True)) == {
        "admin@example.org",
        "office@example.org",
        "outsider@example.org",
    }
    # Only administrators get the details (they can name other organisations' records).
    assert f"#{events[0].pk}" in alerts.get(address="admin@example.org").body
    office = alerts.get(address="office@example.org").body
    assert f"#{events[0].pk}" not in office and "历史校验" in office
    assert "发现问题" in str(result)


def test_the_key_is_created_on_first_run_outside_production(settings, tmp_path):
    settings.CHAIN_KEY, settings.CHAIN_KEY_FILE, settings.VAR_DIR = "", "", tmp_path
    settings.SECURE = False
    key = chain_key()
    path = tmp_path / "chain_key"
    assert path.read_text(encoding="utf-8").strip().encode() == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert chain_key() == key


def test_a_missing_key_in_production_is_a_clear_error(settings, tmp_path):
    settings.CHAIN_KEY, settings.CHAIN_KEY_FILE, settings.VAR_DIR = "", "", tmp_path
    settings.SECURE = True
    with pytest.raises(ImproperlyConfigured, match="CHAIN_KEY_FILE"):
        chain_key()
    settings.CHAIN_KEY_FILE = str(tmp_path / "handed-over-key")
    settings.SECURE = False
    with pytest.raises(ImproperlyConfigured, match="找不到"):
        chain_key()


def test_the_migration_reseals_an_old_chain_and_refuses_a_rewritten_one(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "zhenggai.audit.migrations.0004_rechain_events_with_keyed_hmac"
    )
    events = history(world, 3)
    prev = GENESIS  # the chain as it was before: unkeyed SHA-256 over isoformat times
    for event in events:
        old = migration._payload(event, event.at.isoformat())
        digest = hashlib.sha256((prev + canonical(old)).encode()).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=prev, hash=digest, at_utc="", algorithm=""
        )
        prev = digest
    AuditEvent.objects.filter(pk=events[1].pk).update(note="改")
    with pytest.raises(RuntimeError, match=f"#{events[1].pk}"), transaction.atomic():
        migration.rechain(apps, None)  # a migration is atomic: nothing is half re-sealed
    AuditEvent.objects.filter(pk=events[1].pk).update(note=events[1].note)
    migration.rechain(apps, None)
    assert verify_history().ok
    assert set(AuditEvent.objects.values_list("algorithm", flat=True)) == {"sm3"}


def test_a_platform_without_the_chosen_algorithm_stops_at_start_up(settings):
    from django.apps import apps

    settings.CHAIN_ALGORITHM = "md5"
    with pytest.raises(ImproperlyConfigured, match="不支持"):
        apps.get_app_config("audit").ready()


def test_the_admin_page_shows_the_last_verification(world, client):
    from django.urls import reverse

    events = history(world)
    AuditEvent.objects.filter(pk=events[1].pk).update(note="改")
    verify_history()
    client.force_login(world.admin)
    page = client.get(reverse("admin:audit_chainverification_changelist")).content.decode()
    assert f"操作记录 #{events[1].pk}" in page and "哈希值不符" in page


def test_django_checks_stop_a_production_start_without_the_key(settings, tmp_path):
    from zhenggai.audit.apps import check_chain_key

    settings.CHAIN_KEY, settings.CHAIN_KEY_FILE, settings.VAR_DIR = "", "", tmp_path
    settings.SECURE = True
    errors = check_chain_key()
    assert [e.id for e in errors] == ["zhenggai.E001"] and "CHAIN_KEY" in errors[0].msg
    settings.CHAIN_KEY = "handed-over-key-0123456789"
    assert check_chain_key() == []


def test_a_modified_published_notice_file_is_named(world):
    """The Word file fixed at publication carries its hash; a file changed on disk
    afterwards is named by the check."""
    from tests.publication.conftest import publish

    notice = publish(world)
    with notice.published_file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == notice.published_sha256
    assert run()[0] == 0
    with notice.published_file.storage.open(notice.published_file.name, "wb") as f:
        f.write(b"PK forged")
    status, output = run()
    assert status == 1 and f"通报 #{notice.pk}" in output and "SHA-256 不符" in output


def test_every_stored_file_has_a_hash_the_check_reads():
    from zhenggai.audit.integrity import hashed_files, unhashed_files

    assert not unhashed_files()
    labels = {f"{m._meta.label}.{f}" for m, f, _h in hashed_files()}
    assert {"publication.Notice.published_file", "exchange.LedgerImport.file"} <= labels


def test_the_backfill_hashes_published_files_of_before(world):
    """The data migration's step: a notice published before the hash was stored gets it."""
    from tests.publication.conftest import publish
    from zhenggai.lib.filehash import backfill_hashes
    from zhenggai.publication.models import Notice

    notice = publish(world)
    Notice.objects.filter(pk=notice.pk).update(published_sha256="")
    assert "没有登记 SHA-256" in "".join(verify_history().problems)
    backfill_hashes(Notice, "published_file")
    assert Notice.objects.get(pk=notice.pk).published_sha256 == notice.published_sha256
    assert verify_history().ok


def test_withdrawn_records_files_are_still_checked(world):
    item = evidence(world)
    actions.do_withdraw_evidence(world.office, item, version=item.measure.version, reason="传错")
    with item.file.storage.open(item.file.name, "wb") as f:
        f.write(PDF + b"%changed")
    status, output = run()
    assert status == 1 and f"#{item.pk}" in output
