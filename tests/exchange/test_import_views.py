"""The import pages: upload → mapping and preview → confirm; and the import CLI."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.exchange.helpers import workbook_bytes
from tests.exchange.test_import import BAD_DATE, counts, good_rows
from zhenggai.exchange.models import LedgerImport
from zhenggai.ledger.models import Measure

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, inspection, data, name="台账.xlsx"):
    url = reverse("exchange:import_upload", args=[inspection.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_office_uploads_previews_and_confirms(login, world):
    client = login(world.office)
    response = upload(client, world.inspection, workbook_bytes(good_rows()))
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.file.name.startswith(f"imports/{world.inspection.pk}/")
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        "将新增问题 <strong>3</strong> 个" in page and "新增整改措施 <strong>5</strong> 条" in page
    )
    assert "确认导入" in page
    before = counts(world.inspection)
    response = client.post(reverse("exchange:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert counts(world.inspection)[1] == before[1] + 5
    job.refresh_from_db()
    assert job.status == LedgerImport.Status.APPLIED
    # confirming twice does not import twice
    client.post(reverse("exchange:import_confirm", args=[job.pk]))
    assert counts(world.inspection)[1] == before[1] + 5


def test_preview_shows_every_error_and_confirm_saves_nothing(login, world):
    rows = good_rows()
    rows[4][7] = "2025-13-45"
    client = login(world.office)
    upload(client, world.inspection, workbook_bytes(rows))
    job = LedgerImport.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert BAD_DATE in page and "确认导入" not in page
    before = counts(world.inspection)
    response = client.post(reverse("exchange:import_confirm", args=[job.pk]), follow=True)
    assert "未导入任何内容" in response.content.decode()
    assert counts(world.inspection)[:2] == before[:2]


def test_user_changes_the_mapping(login, world):
    headers = ["序号", "问题", "内容", "领导", "单位"]
    rows = [["1", "档案管理不规范", "整理历年档案", "leader", "农业办"]]
    client = login(world.office)
    upload(client, world.inspection, workbook_bytes(rows, headers))
    job = LedgerImport.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "请选择这一列" not in page and "没有指定“整改措施”对应的列" in page
    response = client.post(
        job.get_absolute_url(), {"problem": "1", "measure": "2", "leader": "3", "lead_unit": "4"}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping == {"problem": 1, "measure": 2, "leader": 3, "lead_unit": 4}
    client.post(reverse("exchange:import_confirm", args=[job.pk]))
    assert Measure.objects.get(text="整理历年档案").lead_unit == world.agri


def test_the_same_column_twice_is_refused(login, world):
    client = login(world.office)
    upload(client, world.inspection, workbook_bytes(good_rows()))
    job = LedgerImport.objects.get()
    response = client.post(job.get_absolute_url(), {"problem": "2", "measure": "2"})
    assert response.status_code == 200 and "选择了同一列" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_refused(login, world):
    response = upload(login(world.office), world.inspection, b"hello", name="台账.xls")
    assert "另存为 .xlsx" in response.content.decode()
    response = upload(login(world.office), world.inspection, b"hello", name="台账.xlsx")
    assert "无法读取该文件" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_ledger_page_offers_exports_and_import_to_the_office_only(login, world):
    url = reverse("ledger:ledger", args=[world.inspection.pk])
    page = login(world.office).get(url).content.decode()
    assert "导出 Excel" in page and "导入台账" in page
    page = login(world.unit).get(url).content.decode()
    assert "责任清单" in page and "导入台账" not in page


def test_cli_import_reports_errors_and_saves_nothing(world, tmp_path):
    rows = good_rows()
    rows[4][7] = "2025-13-45"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes(rows))
    before = counts(world.inspection)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command(
            "import_ledger",
            str(world.inspection.pk),
            str(path),
            stderr=stderr,
            stdout=io.StringIO(),
        )
    assert BAD_DATE in stderr.getvalue()
    assert counts(world.inspection) == before


def test_cli_dry_run_then_import(world, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(workbook_bytes(good_rows()))
    before = counts(world.inspection)
    out = io.StringIO()
    call_command("import_ledger", str(world.inspection.pk), str(path), "--dry-run", stdout=out)
    assert "试运行" in out.getvalue() and "新增措施 5 条" in out.getvalue()
    assert counts(world.inspection) == before
    out = io.StringIO()
    call_command(
        "import_ledger", str(world.inspection.pk), str(path), "--actor", "office", stdout=out
    )
    assert "导入完成" in out.getvalue()
    assert counts(world.inspection)[1] == before[1] + 5
