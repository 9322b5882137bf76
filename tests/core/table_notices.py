"""Fictional notices whose problems are printed in a Word table, built with python-docx.

Every name, place and sentence is invented for these tests (石桥镇, 柳塘村, …).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

OPENING = (
    "根据市委统一部署，2024年3月4日至5月10日，市委第二巡察组对石桥镇党委开展了常规巡察。"
    "2024年7月2日，巡察组向石桥镇党委反馈了巡察意见。按照党务公开的要求，"
    "现将巡察整改进展情况予以公布。"
)
CLOSING = (
    "对整改还有什么看法，可在2024年10月8日至10月22日之间告诉我们："
    "联系电话0571-86001234；电子邮箱shiqiaozg@example.cn。"
)

# (heading or None, seq, problem, [(measure, unit, deadline, progress), …])
PROBLEMS: list[tuple[str | None, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "一、党的建设方面",
        "1",
        "理论学习中心组学习计划执行不严格，专题研讨流于形式",
        [
            (
                "修订理论学习中心组学习制度，每季度开展专题研讨不少于1次",
                "镇党政办",
                "2024年9月30日",
                "已修订学习制度",
            ),
            ("建立学习台账，逐月通报学习情况", "镇党政办", "长期坚持", "已建立台账"),
        ],
    ),
    (
        None,
        "2",
        "村级党组织“三会一课”记录不规范",
        [("对12个村的会议记录逐本检查，整改不规范记录36处", "镇组织办", "2024年8月31日", "已完成")],
    ),
    (
        "二、落实全面从严治党方面",
        "3",
        "公务接待费用报销审核把关不严",
        [
            (
                "一是清理2023年以来公务接待报销凭证\n二是追回违规报销费用1.2万元",
                "镇财政所",
                "2024年9月30日",
                "已追回1.2万元",
            ),
        ],
    ),
]


def _merge_down(cells: Sequence[object]) -> None:
    first, *rest = cells
    first._tc.get_or_add_tcPr().append(_vmerge("restart"))  # type: ignore[attr-defined]
    for cell in rest:
        cell._tc.get_or_add_tcPr().append(_vmerge(None))  # type: ignore[attr-defined]


def _vmerge(value: str | None) -> OxmlElement:
    element = OxmlElement("w:vMerge")
    if value:
        element.set(qn("w:val"), value)
    return element


def table_notice(
    headers: Sequence[str] = ("序号", "反馈问题", "整改措施", "责任单位", "整改时限", "整改进展"),
    *,
    signature: bool = True,
) -> bytes:
    """A notice with the problems in one table, columns in the order of ``headers``
    (any of the field names: 序号/问题/措施/责任单位/时限/进展 in the office's wording)."""
    document = docx.Document()
    document.add_paragraph("中共石桥镇委员会关于市委第二巡察组巡察反馈意见整改进展情况的通报")
    document.add_paragraph(OPENING)
    document.add_paragraph("一、巡察反馈问题整改落实情况")
    roles = [_role(h) for h in headers]
    table = document.add_table(rows=1, cols=len(headers))
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for heading, seq, problem, measures in PROBLEMS:
        if heading:
            row = table.add_row().cells
            merged = row[0].merge(row[-1])
            merged.text = heading
        first_row = len(table.rows)
        for measure, unit, deadline, progress in measures:
            values = {
                "seq": seq,
                "problem": problem,
                "measure": measure,
                "unit": unit,
                "deadline": deadline,
                "progress": progress,
            }
            row = table.add_row().cells
            for cell, role in zip(row, roles, strict=True):
                text = values[role]
                if len(table.rows) > first_row + 1 and role in ("seq", "problem"):
                    text = ""
                paragraphs = text.split("\n")
                cell.text = paragraphs[0]
                for more in paragraphs[1:]:
                    cell.add_paragraph(more)
        if len(measures) > 1:
            for index, role in enumerate(roles):
                if role in ("seq", "problem"):
                    _merge_down(
                        [table.rows[r].cells[index] for r in range(first_row, len(table.rows))]
                    )
    document.add_paragraph(CLOSING)
    if signature:
        document.add_paragraph("中共石桥镇委员会")
        document.add_paragraph("2024年10月8日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _role(header: str) -> str:
    for role, words in (
        ("seq", ("序",)),
        ("measure", ("措施", "举措")),
        ("unit", ("单位", "部门")),
        ("deadline", ("时限", "时间", "期限")),
        ("progress", ("进展", "完成情况")),
        ("problem", ("问题",)),
    ):
        if any(w in header for w in words):
            return role
    raise ValueError(header)
