"""Import field lengths are checked in the preview (issue 12): a 600-character title is a
Chinese error there, never a database error at confirmation (PostgreSQL) nor a 1 MB title
stored (SQLite)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from zhenggai.exchange import importing
from zhenggai.exchange.notice_import import ImportTooLong, do_confirm_notice_import
from zhenggai.inspections.models import NoticeImport, Problem

pytestmark = pytest.mark.django_db

LONG = "超长问题标题" * 100  # 600 characters


def _workbook(title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["反馈问题", "整改措施", "牵头单位", "整改时限"])
    ws.append([title, "清查合同", "农业办", "2026-12-31"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_import_names_an_over_long_problem_title(world):
    with pytest.raises(importing.ImportRefused) as refused:
        importing.run_import(world.office, world.inspection, _workbook(LONG))
    assert any("反馈问题不能超过500字（现为600字）" in e for e in refused.value.errors)
    assert not Problem.objects.filter(title__startswith="超长").exists()


def _staged(world, title: str) -> NoticeImport:
    return NoticeImport.objects.create(
        organisation=world.town,
        inspection=world.inspection,
        filename="n.txt",
        sha256="0" * 64,
        parsed={"problems": [{"title": title, "code": "问题9", "measures": []}]},
        created_by=world.office,
    )


def test_notice_import_preview_shows_the_length_error_and_confirm_refuses(world, login):
    staged = _staged(world, LONG)
    client = login(world.office)
    page = client.get(f"/notice-imports/{staged.pk}/")
    assert page.status_code == 200
    assert "第1个问题的标题不能超过500字（现为600字）" in page.content.decode()
    response = client.post(f"/notice-imports/{staged.pk}/", {"title_0": LONG})
    assert response.status_code == 400
    assert "不能超过500字" in response.content.decode()
    assert not Problem.objects.filter(title__startswith="超长").exists()
    # Corrected in the preview, it imports.
    response = client.post(f"/notice-imports/{staged.pk}/", {"title_0": "标题已精简"})
    assert response.status_code == 302
    assert Problem.objects.filter(title="标题已精简").exists()


def test_confirming_an_over_long_import_is_refused_by_the_action(world):
    staged = _staged(world, LONG)
    with pytest.raises(ImportTooLong):
        do_confirm_notice_import(world.office, staged, staged.parsed)
