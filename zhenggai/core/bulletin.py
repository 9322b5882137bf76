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

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from .indicators import SUMMARY_KEYS, sentence
from .notice_render import Block, NoticeDocument, cn_date
from .notices.labels import strip_label

Snapshot = dict[str, Any]

# The indicators the summary line states (the lights follow it in their own clause).
BULLETIN_KEYS = tuple(k for k in SUMMARY_KEYS if k not in ("yellow", "unassigned"))


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
    """Units ranked by 销号率 — closed ÷ all their measures, not the indicators' 完成率
    (closed ÷ due) — high first, then by overdue count (low first)."""
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
        return [strip_label(labels.get(k, f"措施{k}")) for k in keys] or ["无"]

    changes = [
        f"{names([c['measure']])[0]}：{LIGHT_NAMES[c['from']]}→{LIGHT_NAMES[c['to']]}"
        for c in figures["light_changes"]
    ] or ["无"]
    rank = [
        f"{i}.{r['name']}：共{r['total']}项，已销号{r['closed']}项，销号率{r['rate']}%，"
        f"逾期{r['overdue']}项"
        for i, r in enumerate(figures["ranking"], 1)
    ]
    return [
        ("一、本期新销号", names(figures["newly_closed"])),
        ("二、本期新增逾期（红灯）", names(figures["newly_overdue"])),
        ("三、灯色变化", changes),
        ("四、长期未报送进展", names(figures["without_updates"])),
        ("五、责任单位排名（按销号率、逾期数）", rank or ["无"]),
    ]


def summary_line(figures: dict[str, Any]) -> str:
    """The bulletin's opening sentence; a bulletin frozen with the oversight indicators
    (``figures["indicators"]``) states them as every other surface does."""
    day = cn_date(dt.date.fromisoformat(figures["date"]))
    lights = (
        f"未销号措施中红灯{figures['red']}项、黄灯{figures['yellow']}项、"
        f"绿灯{figures['green']}项、待交办{figures.get('unassigned', 0)}项。"
    )
    if "indicators" in figures:
        return f"截至{day}，{sentence(figures['indicators'], BULLETIN_KEYS)}；{lights}"
    return (
        f"截至{day}，共有整改措施{figures['total']}项，已销号{figures['closed']}项，"
        f"完成率{figures['rate']}%；{lights}"
    )


def ranking_table(figures: dict[str, Any]) -> str:
    """The ranking of units as a ``table`` block (tab-separated cells, a header row)."""
    rows = ["序号\t责任单位\t措施\t已销号\t销号率\t逾期"]
    rows += [
        f"{i}\t{r['name']}\t{r['total']}\t{r['closed']}\t{r['rate']}%\t{r['overdue']}"
        for i, r in enumerate(figures["ranking"], 1)
    ]
    return "\n".join(rows)


def bulletin_document(
    title: str,
    subtitle: str,
    figures: dict[str, Any],
    snapshot: Snapshot,
    *,
    issuer: str = "",
) -> NoticeDocument:
    """The bulletin as 公文 blocks: title, 期号 line, summary, sections, issuer and date."""
    body = [Block("subtitle", subtitle), Block("para", summary_line(figures))]
    for head, lines in sections(figures, snapshot):
        body.append(Block("h1", head))
        if head.startswith("五、") and figures["ranking"]:
            body.append(Block("table", ranking_table(figures)))
            continue
        numbered = lines != ["无"]
        body += [
            Block("item", f"{k}.{line}" if numbered else line) for k, line in enumerate(lines, 1)
        ]
    tail = [Block("signature", issuer)] if issuer else []
    day = dt.date.fromisoformat(figures["date"]) if figures.get("date") else None
    if day:
        tail.append(Block("date", cn_date(day)))
    return NoticeDocument(title=title, body=body, tail=tail, keep_whole=(issuer,))


def render_docx(
    title: str,
    subtitle: str,
    figures: dict[str, Any],
    snapshot: Snapshot,
    *,
    issuer: str = "",
) -> bytes:
    """The bulletin as a Word document in the notice's 公文 layout (one shared layout)."""
    from .notice_docx import render_docx as render_blocks

    return render_blocks(bulletin_document(title, subtitle, figures, snapshot, issuer=issuer))
