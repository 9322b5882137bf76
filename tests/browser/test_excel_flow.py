"""End to end in a real browser: the office downloads the ledger as Excel, edits it,
uploads it, sees the errors, fixes them, previews and confirms the import."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser.conftest import sign_in
from zhenggai.demo import PASSWORD, build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_exports_edits_and_reimports_the_ledger(page, live_server, screenshot_dir, tmp_path):
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    before = Measure.objects.filter(problem__inspection=inspection).count()

    sign_in(page, live_server, "office", PASSWORD)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/ledger/")
    with page.expect_download() as info:
        page.click(".ledger-actions >> text=整改台账")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    wb = openpyxl.load_workbook(exported)
    ws = wb.active
    first_id = ws["O3"].value
    ws["D3"] = "（浏览器测试）修改后的措施内容"
    ws["H3"] = "2025-13-45"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)

    page.click("text=导入台账")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并预览")
    page.wait_for_selector("text=核对导入")
    assert "第3行H列（整改时限）：“2025-13-45”不是有效日期" in page.content()
    assert page.locator("text=确认导入").count() == 0

    ws["H3"] = "2026年12月31日"
    good = tmp_path / "good.xlsx"
    wb.save(good)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/import/")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=上传并预览")
    page.wait_for_selector("text=确认导入")
    assert "新增整改措施 <strong>0</strong> 条、更新 <strong>1</strong> 条" in page.content()
    page.screenshot(path=str(screenshot_dir / "import.png"), full_page=False)
    page.click("text=确认导入")
    page.wait_for_selector("text=导入完成")

    measure = Measure.objects.get(pk=int(first_id.split("-M")[1]))
    assert measure.text == "（浏览器测试）修改后的措施内容"
    assert Measure.objects.filter(problem__inspection=inspection).count() == before
