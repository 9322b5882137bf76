"""Reading an inspection's ledger into the rectification report's plain data.

The problem tree and counts are the notice's (:func:`.generate.notice_data`,
one reading of the ledger); the report adds the register entries one by one.
"""

from __future__ import annotations

import datetime as dt

from zhenggai.core import notice_render as nr
from zhenggai.core.notice_render import Block, NoticeDocument
from zhenggai.core.report import ReportData, build_report
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Accountability, Recovery, Regulation
from zhenggai.oversight.indicators import inspection_indicators

from .generate import ledger_day, notice_data


def _regulations(inspection: Inspection) -> list[str]:
    out = []
    for r in Regulation.objects.filter(inspection=inspection).order_by("issued_on", "id"):
        facts = [r.get_kind_display()]
        if r.issuer:
            facts.append(r.issuer)
        if r.issued_on:
            facts.append(f"{nr.cn_date(r.issued_on)}印发")
        out.append(f"{r.title}（{'，'.join(facts)}）。")
    return out


def _accountability(inspection: Inspection) -> list[str]:
    out = []
    for a in Accountability.objects.filter(inspection=inspection).order_by("date", "id"):
        who = f"对{a.target}" if a.target else ""
        when = f"（{nr.cn_date(a.date)}）" if a.date else ""
        note = f"，{a.note.strip().rstrip('。')}" if a.note.strip() else ""
        out.append(f"{who}{a.get_kind_display()}{a.count}人次{when}{note}。")
    return out


def _recoveries(inspection: Inspection) -> list[str]:
    out = []
    for r in Recovery.objects.filter(inspection=inspection).order_by("date", "id"):
        when = f"（{nr.cn_date(r.date)}）" if r.date else ""
        note = f"：{r.note.strip().rstrip('。')}" if r.note.strip() else ""
        amount = nr.Figure("", r.amount_wan_yuan).text()
        out.append(f"{r.get_kind_display()}{amount}万元{when}{note}。")
    return out


def report_data(inspection: Inspection, date: dt.date) -> ReportData:
    """Everything the report prints, as of ``date`` (the date under the signature)."""
    return ReportData(
        notice=notice_data(inspection, date=date),
        regulations=_regulations(inspection),
        accountability=_accountability(inspection),
        recoveries=_recoveries(inspection),
        date=date,
        indicators=inspection_indicators(inspection, ledger_day(date)).as_dict(),
    )


def report_document(inspection: Inspection, date: dt.date) -> NoticeDocument:
    return build_report(report_data(inspection, date))


def frozen(doc: NoticeDocument) -> dict:
    """The document as JSON for :attr:`RectificationReport.content`."""
    return {
        "title": doc.title,
        "body": [[b.kind, b.text, b.lead] for b in doc.body],
        "tail": [[b.kind, b.text, b.lead] for b in doc.tail],
        "keep_whole": list(doc.keep_whole),
    }


def dated(content: dict, day: dt.date) -> dict:
    """``content`` with ``day`` as the date under the signature."""
    tail = [b for b in content["tail"] if b[0] != "date"] + [["date", nr.cn_date(day), ""]]
    return {**content, "tail": tail}


def thawed(content: dict) -> NoticeDocument:
    """The document frozen by :func:`frozen`."""
    return NoticeDocument(
        title=content["title"],
        body=[Block(*b) for b in content["body"]],
        tail=[Block(*b) for b in content["tail"]],
        keep_whole=content.get("keep_whole", []),
    )
