"""The 对账销号单: the one-page form an office prints and files when it closes a measure.

One page per closed measure (a page break between them when a whole
inspection is printed at once): the problem, the measure, the responsible
leader and lead unit, the deadline and the completion, the evidence with the
SHA-256 of each file (so the paper copy proves which files were accepted), and
who reviewed and approved it, when. Same page, fonts and title as every 公文
(:mod:`zhenggai.core.gongwen`); the form itself is a table in 4号 仿宋.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.shared import Mm, Pt

from . import gongwen as gw
from .notice_render import cn_date
from .notices.labels import strip_label

TABLE_SIZE = Pt(14)  # 4号
HASH_SIZE = Pt(8)
# More files than this are summarised, so the form stays on one page.
EVIDENCE_SHOWN = 6
EVIDENCE = "佐证材料\n（SHA-256）"
# Room for handwriting where people sign; the rest of the form takes what it needs.
ROW_HEIGHT = {
    "完成情况": Mm(24),
    "佐证材料\n（SHA-256）": Mm(24),
    "整改办审核": Mm(18),
    "责任领导审批": Mm(18),
}


@dataclass(frozen=True)
class EvidenceLine:
    name: str
    sha256: str
    uploaded: dt.date | None = None


@dataclass(frozen=True)
class ClosureSheet:
    """One closed measure, as the form prints it."""

    organisation: str  # 中共临江市云溪镇委员会
    inspection: str  # 临江市委第二巡察组对云溪镇党委常规巡察
    problem: str
    measure: str
    leader: str = ""
    unit: str = ""
    deadline: dt.date | None = None
    closed_on: dt.date | None = None
    completion: str = ""  # the unit's completion note
    evidence: Sequence[EvidenceLine] = ()
    submitted_by: str = ""
    submitted_on: dt.date | None = None
    reviewer: str = ""
    reviewed_on: dt.date | None = None
    approver: str = ""
    approved_on: dt.date | None = None
    number: str = ""  # 问题3-2


def _compact(p: Any) -> None:
    """Single-spaced, off the 28.95 pt body grid: a form, not running text."""
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    gw.off_grid(p)


def _cell_text(cell: Any, text: str, *, size: Any = TABLE_SIZE, bold: bool = False) -> None:
    cell.text = ""
    paragraphs = cell.paragraphs
    for i, line in enumerate(text.split("\n")):
        p = paragraphs[0] if i == 0 else cell.add_paragraph()
        _compact(p)
        gw.fonts(p.add_run(line), gw.H1_FONT if bold else gw.BODY_FONT, size)


def _signed(name: str, day: dt.date | None, verdict: str, role: str) -> str:
    if not name:
        return ""
    return f"{verdict}\n{role}：{name}    日期：{cn_date(day) or '    年  月  日'}"


def _rows(s: ClosureSheet) -> list[tuple[str, str]]:
    return [
        ("反馈问题", f"{s.number + '  ' if s.number else ''}{strip_label(s.problem)}"),
        ("整改措施", strip_label(s.measure)),
        ("责任领导", s.leader or "—"),
        ("牵头单位", s.unit or "—"),
        ("整改时限", cn_date(s.deadline) or "—"),
        ("完成情况", f"{s.completion.strip() or '—'}\n（{cn_date(s.closed_on)}销号）"),
        ("申请人", f"{s.submitted_by}    {cn_date(s.submitted_on)}".strip() or "—"),
        ("整改办审核", _signed(s.reviewer, s.reviewed_on, "审核通过。", "审核人") or "—"),
        ("责任领导审批", _signed(s.approver, s.approved_on, "同意销号。", "审批人") or "—"),
    ]


def _evidence_cell(cell: Any, evidence: Sequence[EvidenceLine]) -> None:
    cell.text = ""
    if not evidence:
        _cell_text(cell, "无")
        return
    first = True
    for i, e in enumerate(evidence[:EVIDENCE_SHOWN], 1):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _compact(p)
        when = f"（{cn_date(e.uploaded)}）" if e.uploaded else ""
        gw.fonts(p.add_run(f"{i}.{e.name}{when}"), gw.BODY_FONT, Pt(10.5))
        h = cell.add_paragraph()
        _compact(h)
        gw.fonts(h.add_run(e.sha256), "Courier New", HASH_SIZE)
    more = len(evidence) - EVIDENCE_SHOWN
    if more > 0:
        p = cell.add_paragraph()
        _compact(p)
        gw.fonts(p.add_run(f"另有{more}份，清单见系统。"), gw.BODY_FONT, Pt(10.5))


def _sheet(doc: Any, s: ClosureSheet) -> None:
    gw.add_title(doc, "对账销号单")
    p = doc.paragraphs[-1]  # the blank line under the title carries the inspection
    gw.fonts(p.add_run(s.inspection), gw.H2_FONT, TABLE_SIZE)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = None
    rows = _rows(s)
    table = doc.add_table(rows=len(rows) + 1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(38), Mm(118))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, (label, value) in enumerate([*rows[:6], (EVIDENCE, ""), *rows[6:]]):
        row = table.rows[r]
        row.height = ROW_HEIGHT.get(label, Mm(11))
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        left, right = row.cells
        left.width, right.width = widths
        left.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_text(left, label, bold=True)
        if label == EVIDENCE:
            _evidence_cell(right, s.evidence)
        else:
            _cell_text(right, value)
    foot = doc.add_paragraph()
    _compact(foot)
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot.paragraph_format.space_before = Pt(6)
    gw.fonts(foot.add_run(f"{s.organisation}整改办公室制"), gw.BODY_FONT, Pt(12))


def render_sheets(sheets: Sequence[ClosureSheet]) -> bytes:
    """One 对账销号单 per page, as the bytes of a .docx file."""
    doc = gw.new_document(page_numbers=False)
    for i, s in enumerate(sheets):
        if i:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _sheet(doc, s)
    if not sheets:
        p = doc.add_paragraph()
        gw.layout(p)
        gw.fonts(p.add_run("没有已销号的整改措施。"), gw.BODY_FONT, gw.BODY_SIZE)
    return gw.save(doc, "对账销号单")
