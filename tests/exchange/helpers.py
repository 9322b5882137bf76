"""Building and reading workbooks in tests."""

from __future__ import annotations

import io

import openpyxl

HEADERS = [
    "序号", "所属方面", "反馈问题", "整改措施", "责任领导", "责任单位",
    "配合单位", "整改时限", "整改进展", "完成情况", "佐证材料",
]  # fmt: skip


def workbook_bytes(rows, headers=HEADERS, title="虚构镇整改台账") -> bytes:
    """A plain workbook as an office would type it: a title row, headers, then rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def body(ws, first=3):
    """Data rows (below title and header) as lists of values."""
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def staged_import(world):
    """A staged (not yet confirmed) import of one row into the world's inspection."""
    from zhenggai.exchange.actions import do_stage_import

    data = workbook_bytes([["1", "", "虚构问题", "虚构措施", "leader", "农业办", "", "2026-12-31"]])
    return do_stage_import(world.office, world.inspection, name="台账.xlsx", data=data)
