"""``zhenggai tick``: light history, scheduled bulletins, idempotence; bulletin output."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhenggai.ledger.models import Measure
from zhenggai.oversight.models import Bulletin, EscalationPolicy, LightChange
from zhenggai.oversight.tick import run_tick

pytestmark = pytest.mark.django_db


def test_light_history_records_only_changes(world):
    run_tick(dt.date(2026, 6, 10), send=False, bulletins=False)
    first = LightChange.objects.filter(measure=world.co_measure).count()
    run_tick(dt.date(2026, 6, 11), send=False, bulletins=False)
    assert LightChange.objects.filter(measure=world.co_measure).count() == first == 1
    run_tick(dt.date(2026, 9, 25), send=False, bulletins=False)  # deadline 9-30 → yellow
    run_tick(dt.date(2026, 10, 1), send=False, bulletins=False)  # → red
    lights = list(
        LightChange.objects.filter(measure=world.co_measure)
        .order_by("date")
        .values_list("previous", "light")
    )
    assert lights == [("", "green"), ("green", "yellow"), ("yellow", "red")]


def test_tick_command_generates_the_bulletin_when_a_period_is_due(world):
    out = io.StringIO()
    call_command("tick", "--today", "2026-06-14", stdout=out)  # feedback 6-01 + 13 days
    assert not Bulletin.objects.exists()
    call_command("tick", "--today", "2026-06-15", stdout=out)
    call_command("tick", "--today", "2026-06-15", stdout=out)  # idempotent
    call_command("tick", "--today", "2026-06-20", stdout=out)
    mine = Bulletin.objects.filter(inspection=world.inspection)
    assert list(mine.values_list("number", "period_end")) == [(1, dt.date(2026, 6, 15))]
    call_command("tick", "--today", "2026-06-29", stdout=out)
    assert mine.count() == 2
    assert "生成通报" in out.getvalue()


def test_bulletin_frequency_is_set_per_organisation(world):
    EscalationPolicy.objects.create(organisation=world.town, bulletin_days=7)
    call_command("tick", "--today", "2026-06-08", stdout=io.StringIO())
    assert Bulletin.objects.filter(inspection=world.inspection).count() == 1
    assert not Bulletin.objects.filter(inspection=world.other_inspection).exists()


def test_tick_rejects_a_bad_date():
    with pytest.raises(CommandError):
        call_command("tick", "--today", "2026/06/08")


def test_bulletin_reports_changes_since_the_previous_one(world, login):
    run_tick(dt.date(2026, 6, 15), send=False)
    Measure.objects.filter(pk=world.measure.pk).update(
        status=Measure.Status.CLOSED, closed_on=dt.date(2026, 6, 20)
    )
    run_tick(dt.date(2026, 10, 12), send=False)  # co_measure overdue since 9-30
    latest = Bulletin.objects.filter(inspection=world.inspection).order_by("-period_end").first()
    f = latest.figures
    assert f["newly_closed"] == [str(world.measure.pk)]
    assert f["newly_overdue"] == [str(world.co_measure.pk)]
    assert f["previous_date"] == "2026-06-15"
    page = login(world.office).get(latest.get_absolute_url()).content.decode()
    assert "本期新销号（1项）" in page and "清查全部租赁合同" in page


def test_on_demand_bulletin_is_frozen_and_not_rewritten(world, login):
    client = login(world.office)
    url = reverse("oversight:bulletin_generate", args=[world.inspection.pk])
    client.post(url)
    client.post(url)
    assert Bulletin.objects.get(inspection=world.inspection).on_demand


def test_bulletin_docx_opens_in_libreoffice(world, login, tmp_path):
    run_tick(dt.date(2026, 6, 15), send=False)
    bulletin = Bulletin.objects.get(inspection=world.inspection)
    data = login(world.office).get(reverse("oversight:bulletin_docx", args=[bulletin.pk])).content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert "巡察整改工作通报" in xml and "责任单位排名" in xml
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("没有找到 LibreOffice（soffice），跳过 / LibreOffice not installed")
    (tmp_path / "b.docx").write_bytes(data)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "b.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert "本期新销号" in (tmp_path / "b.txt").read_text(encoding="utf-8-sig")


def test_the_midnight_lights_store_the_days_lights_and_leave_the_rest_to_the_tick(world):
    """``tick --lights-only`` (0:01): the stored lights are the new day's, the red is
    not yet recorded nor anyone reminded; the morning tick still records and reminds."""
    from zhenggai.ledger.models import stored_lights_ready
    from zhenggai.notify.models import Notification

    run_tick(dt.date(2026, 9, 29), send=False, bulletins=False)  # deadline 9-30: yellow
    queued = Notification.objects.count()
    out = io.StringIO()
    call_command("tick", "--today", "2026-10-01", "--lights-only", stdout=out)
    assert "已更新" in out.getvalue()
    assert stored_lights_ready(dt.date(2026, 10, 1))
    m = Measure.objects.get(pk=world.co_measure.pk)
    assert m.lit_rank == 0  # red, as stored
    assert not LightChange.objects.filter(date=dt.date(2026, 10, 1)).exists()
    assert Notification.objects.count() == queued

    run_tick(dt.date(2026, 10, 1), send=False, bulletins=False)
    assert (
        LightChange.objects.get(measure=world.co_measure, date=dt.date(2026, 10, 1)).light == "red"
    )
    assert Notification.objects.count() > queued  # the turned-red reminder, in the morning
