"""In Chromium: a Word notice of a village round whose problems hold sub-headings
(“（1）关于…。一是…二是…”) imports with the villages as targets and every sub-heading kept
as a measure group, in the preview and in the ledger (invented notice 青山镇)."""

from __future__ import annotations

import io

import docx
import pytest

from tests import factories as f
from tests.browser.conftest import follow, sign_in
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "中共青山镇委员会关于市委第二巡察组巡察反馈意见整改进展情况的通报",
    "根据市委统一部署，2025年3月3日至4月30日，市委第二巡察组对青山镇党委开展了巡察，"
    "同时对东村、柳塘村等2个村开展了对村巡察。5月20日，市委巡察组反馈了巡察意见。"
    "现将整改进展情况予以公布。",
    "一、巡察反馈问题整改落实情况",
    "（一）东村党支部",
    "1.针对“集体资产管理不规范”的问题。（1）关于鱼塘租赁合同到期未续签。一是逐份清理到期合同。"
    "二是按程序重新公开发包。（2）关于租金收缴不及时。一是逐份清理到期合同。二是追缴欠租4.2万元。",
    "（二）柳塘村党支部",
    "1.针对“村务公开不及时”的问题。关于公开栏更新滞后。一是按季更新公开栏。二是增设线上公开群。"
    "关于财务公开不细。一是逐笔公开大额支出。",
    "中共青山镇委员会",
    "2025年8月1日",
]


def _notice() -> bytes:
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_village_round_with_sub_headings_imports_into_grouped_sub_ledgers(
    page, live_server, world, screenshot_dir, tmp_path
):
    path = tmp_path / "青山镇整改通报.docx"
    path.write_bytes(_notice())
    sign_in(page, live_server, world.office.username, f.PASSWORD)
    page.goto(f"{live_server.url}/notice-imports/new/")
    page.set_input_files("[name=file]", str(path))
    with page.expect_navigation():
        page.click("button:has-text('上传并预览')")
    targets = page.locator("label.target").all_inner_texts()
    assert [t.strip() for t in targets] == [
        "青山镇党委（系统中已有：青山镇党委）",
        "东村（系统中已有：东村党支部）",
        "柳塘村（系统中没有，确认后新建于“青山镇党委”之下）",
    ]
    groups = page.locator("p.measure-group").all_inner_texts()
    assert groups == [
        "（1）关于鱼塘租赁合同到期未续签",
        "（2）关于租金收缴不及时",
        "关于公开栏更新滞后",
        "关于财务公开不细",
    ]
    page.screenshot(path=str(screenshot_dir / "import-notice-groups-preview.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        follow(page, "button:has-text('确认导入')")
    assert "导入完成" in page.content()
    page.screenshot(path=str(screenshot_dir / "import-notice-groups-ledger.png"), full_page=True)
    rows = page.locator("tr.measure-group").all_inner_texts()
    assert [r.strip() for r in rows] == groups
    inspection = Inspection.objects.get(title__contains="市委第二巡察组巡察反馈意见")
    assert inspection.variant == Inspection.Variant.VILLAGE
    assert sorted(o.name for o in inspection.targets.all()) == [
        "东村党支部",
        "柳塘村",
        "青山镇党委",
    ]
    village_of = dict(
        Measure.objects.filter(problem__inspection=inspection).values_list(
            "group", "lead_unit__name"
        )
    )
    assert village_of["（2）关于租金收缴不及时"] == "东村党支部"
    assert village_of["关于财务公开不细"] == "柳塘村"
