"""What the web and command-line imports do with files that are not plain notices:
bombs are refused within a memory bound, an Excel ledger is handed to the ledger import."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.core import bombs
from zhenggai.exchange.models import LedgerImport
from zhenggai.inspections.models import NoticeImport

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _post_peak(client, url, data) -> tuple[object, int]:
    tracemalloc.start()
    try:
        response = client.post(url, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


def test_the_web_notice_import_refuses_a_docx_bomb_in_chinese_and_stages_nothing(
    login, world, docx_bomb
):
    upload = SimpleUploadedFile("通报.docx", docx_bomb.read_bytes())
    response, peak = _post_peak(
        login(world.office), reverse("inspections:import_upload"), {"file": upload}
    )
    assert response.status_code == 400
    assert "解压后有 399 MB，超过上限 40 MB" in response.content.decode()
    assert not NoticeImport.objects.exists()
    assert peak < 200 * MB  # it took 2.4 GB before


def test_the_web_notice_import_refuses_a_pdf_bomb_in_chinese_and_stages_nothing(login, world):
    upload = SimpleUploadedFile("通报.pdf", bombs.pdf_bomb())
    response, peak = _post_peak(
        login(world.office), reverse("inspections:import_upload"), {"file": upload}
    )
    assert response.status_code == 400
    assert "PDF文件内有数据流解压后超过上限 2.0 MB" in response.content.decode()
    assert not NoticeImport.objects.exists()
    assert peak < 200 * MB


def test_the_limits_come_from_settings(login, world, settings):
    from tests.core.table_notices import table_notice

    settings.ZHENGGAI = {**settings.ZHENGGAI, "EXPANSION_LIMITS": {"member_bytes": 1000}}
    response = login(world.office).post(
        reverse("inspections:import_upload"),
        {"file": SimpleUploadedFile("通报.docx", table_notice())},
    )
    assert response.status_code == 400 and "超过上限" in response.content.decode()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(bombs.xlsx_long_string, "压缩比", id="10-mb-shared-string"),
        pytest.param(lambda: bombs.xlsx_long_string(40_000), "32767", id="over-long-cell"),
        pytest.param(bombs.xlsx_wide_grid, "16,384 列", id="widest-grid"),
    ],
)
def test_the_web_ledger_import_refuses_workbook_bombs(login, world, build, message):
    upload = SimpleUploadedFile("台账.xlsx", build())
    response, peak = _post_peak(
        login(world.office),
        reverse("exchange:import_upload", args=[world.inspection.pk]),
        {"file": upload},
    )
    assert message in response.content.decode()
    assert not LedgerImport.objects.exists()
    assert peak < 200 * MB


def test_import_notice_and_import_ledger_commands_refuse_bombs(world, docx_bomb, tmp_path):
    with pytest.raises(CommandError, match="解压后有 399 MB"):
        call_command("import_notice", str(docx_bomb), "--organisation", str(world.town.pk))
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(bombs.xlsx_long_string())
    with pytest.raises(CommandError, match="压缩比"):
        call_command("import_ledger", str(world.inspection.pk), str(ledger))


def test_the_import_notice_command_refuses_a_pdf_bomb(world, tmp_path):
    path = tmp_path / "通报.pdf"
    path.write_bytes(bombs.pdf_bomb())
    with pytest.raises(CommandError, match=r"解压后超过上限 2\.0 MB"):
        call_command("import_notice", str(path), "--organisation", str(world.town.pk))


def test_an_excel_ledger_dropped_on_the_notice_import_goes_to_the_ledger_import(login, world):
    client = login(world.office)
    response = client.post(
        reverse("inspections:import_upload"),
        {
            "file": SimpleUploadedFile("台账.xlsx", bombs.ordinary_workbook(rows=2)),
            "inspection": world.inspection.pk,
        },
    )
    job = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.inspection == world.inspection and not NoticeImport.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "已转入台账导入" in page


def test_an_excel_ledger_without_a_chosen_inspection_asks_for_one(login, world):
    response = login(world.office).post(
        reverse("inspections:import_upload"),
        {"file": SimpleUploadedFile("台账.xlsx", bombs.ordinary_workbook())},
    )
    assert response.status_code == 400
    assert "请在“导入到”中选择要导入的巡察" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_import_notice_names_the_ledger_command_for_a_workbook(world, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(bombs.ordinary_workbook())
    with pytest.raises(CommandError, match=f"zhenggai import-ledger {world.inspection.pk}"):
        call_command("import_notice", str(path), "--inspection", str(world.inspection.pk))
