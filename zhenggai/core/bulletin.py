"""The periodic bulletin (两周一通报): a frozen snapshot and what changed since the last.

A snapshot is plain JSON-able data::

    {"date": "2026-07-01",
     "units": {"12": "财政所"},
     "measures": {"345": {"light": "red", "closed": false, "unit": "12",
                          "stale": true, "label": "清查租赁合同"}}}

:func:`compare` turns two snapshots into the bulletin's figures. Keys are
strings because the snapshot round-trips through JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Snapshot = dict[str, Any]


@dataclass
class UnitRow:
    """One line of the ranking of units."""

    unit: str
    name: str
    total: int
    closed: int
    overdue: int

    @property
    def rate(self) -> float:
        return round(100 * self.closed / self.total, 1) if self.total else 0.0


@dataclass
class Diff:
    """What a bulletin reports."""

    date: str
    previous_date: str | None
    total: int
    closed: int
    red: int
    yellow: int
    green: int
    unassigned: int = 0
    newly_closed: list[str] = field(default_factory=list)
    newly_overdue: list[str] = field(default_factory=list)
    light_changes: list[dict[str, str]] = field(default_factory=list)
    without_updates: list[str] = field(default_factory=list)
    ranking: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return round(100 * self.closed / self.total, 1) if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rate"] = self.rate
        return data


def _lights(snapshot: Snapshot) -> dict[str, int]:
    counts = {"red": 0, "yellow": 0, "green": 0, "unassigned": 0}
    for m in snapshot["measures"].values():
        if not m["closed"]:
            counts[m["light"]] += 1
    return counts


def ranking(snapshot: Snapshot) -> list[UnitRow]:
    """Units ranked by completion rate (high first), then by overdue count (low first)."""
    rows: dict[str, UnitRow] = {}
    for m in snapshot["measures"].values():
        unit = m["unit"] or ""
        row = rows.setdefault(unit, UnitRow(unit, snapshot["units"].get(unit, "未指定"), 0, 0, 0))
        row.total += 1
        row.closed += 1 if m["closed"] else 0
        row.overdue += 1 if (not m["closed"] and m["light"] == "red") else 0
    return sorted(rows.values(), key=lambda r: (-r.rate, r.overdue, r.name))


def compare(current: Snapshot, previous: Snapshot | None) -> Diff:
    """The bulletin: figures of ``current`` and the changes since ``previous``.

    Without a previous snapshot every closed measure is "newly closed" and every
    red one "newly overdue" (the first bulletin reports the state so far).
    """
    before: dict[str, Any] = previous["measures"] if previous else {}
    lights = _lights(current)
    measures = current["measures"]
    diff = Diff(
        date=current["date"],
        previous_date=previous["date"] if previous else None,
        total=len(measures),
        closed=sum(1 for m in measures.values() if m["closed"]),
        red=lights["red"],
        yellow=lights["yellow"],
        green=lights["green"],
        unassigned=lights["unassigned"],
    )
    for key in sorted(measures, key=int):
        m = measures[key]
        old = before.get(key)
        if m["closed"] and not (old and old["closed"]):
            diff.newly_closed.append(key)
        if not m["closed"] and m["light"] == "red" and not (old and old["light"] == "red"):
            diff.newly_overdue.append(key)
        if old is not None and not m["closed"] and old["light"] != m["light"]:
            diff.light_changes.append({"measure": key, "from": old["light"], "to": m["light"]})
        if not m["closed"] and m.get("stale"):
            diff.without_updates.append(key)
    diff.ranking = [{**asdict(r), "rate": r.rate} for r in ranking(current)]
    return diff


LIGHT_NAMES = {
    "red": "红灯",
    "yellow": "黄灯",
    "green": "绿灯",
    "unassigned": "待交办",
    "closed": "已销号",
}


def sections(figures: dict[str, Any], snapshot: Snapshot) -> list[tuple[str, list[str]]]:
    """The bulletin's text, section by section, shared by the HTML page and the .docx."""
    labels = {k: m["label"] for k, m in snapshot["measures"].items()}

    def names(keys: list[str]) -> list[str]:
        return [labels.get(k, f"措施{k}") for k in keys] or ["无"]

    changes = [
        f"{labels.get(c['measure'], c['measure'])}：{LIGHT_NAMES[c['from']]}→{LIGHT_NAMES[c['to']]}"
        for c in figures["light_changes"]
    ] or ["无"]
    rank = [
        f"{i}. {r['name']}：共{r['total']}项，已销号{r['closed']}项，完成率{r['rate']}%，"
        f"逾期{r['overdue']}项"
        for i, r in enumerate(figures["ranking"], 1)
    ]
    return [
        ("一、本期新销号", names(figures["newly_closed"])),
        ("二、本期新增逾期（红灯）", names(figures["newly_overdue"])),
        ("三、灯色变化", changes),
        ("四、长期未报送进展", names(figures["without_updates"])),
        ("五、责任单位排名（按完成率、逾期数）", rank or ["无"]),
    ]


def summary_line(figures: dict[str, Any]) -> str:
    return (
        f"截至{figures['date']}，共有整改措施{figures['total']}项，已销号{figures['closed']}项，"
        f"完成率{figures['rate']}%；未销号措施中红灯{figures['red']}项、黄灯{figures['yellow']}项、"
        f"绿灯{figures['green']}项、待交办{figures.get('unassigned', 0)}项。"
    )


def render_docx(title: str, subtitle: str, figures: dict[str, Any], snapshot: Snapshot) -> bytes:
    """The bulletin as a Word document (python-docx), from plain data."""
    from io import BytesIO

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = doc.add_heading(title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(summary_line(figures))
    for head, lines in sections(figures, snapshot):
        doc.add_heading(head, level=2)
        for line in lines:
            doc.add_paragraph(line, style="List Bullet" if line != "无" else None)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["单位", "措施数", "已销号", "完成率", "逾期"], strict=True
    ):
        cell.text = text
    for r in figures["ranking"]:
        cells = table.add_row().cells
        values = [r["name"], str(r["total"]), str(r["closed"]), f"{r['rate']}%", str(r["overdue"])]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
