"""The rectification report (整改情况报告) to the inspection body, from plain data.

The inspected organisation reports within two months of the feedback how it
rectified, in the order inspection bodies expect: the overall picture, problem
by problem with every measure, its responsible leader, lead unit, deadline and
state, the rules made, the accountability and money recovered, and next steps.
It is internal: it names people and cases the public notice never prints.

Built from the same :class:`~zhenggai.core.notice_render.NoticeData` as the
notice (one reading of the ledger), plus the register entries; rendered by
:func:`zhenggai.core.notice_docx.render_docx` in the same 公文 layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .indicators import sentence
from .notice_render import (
    DEFAULT_NEXT_STEPS,
    AspectNode,
    Block,
    MeasureItem,
    NoticeData,
    NoticeDocument,
    ProblemItem,
    cn_date,
    cn_number,
    measure_label,
    problem_progress,
    registers_paragraph,
    text_block,
)
from .notices.labels import strip_label


@dataclass(frozen=True)
class ReportData:
    """The notice's data plus the register entries the report lists one by one."""

    notice: NoticeData
    regulations: Sequence[str] = ()  # 《…办法》（新制定，2026年5月8日印发）
    accountability: Sequence[str] = ()  # 对…约谈1人次（2026年6月1日）
    recoveries: Sequence[str] = ()  # 追回…12.3万元
    date: dt.date | None = None
    # The oversight indicators (Indicators.as_dict()); the report states those the
    # register paragraph does not.
    indicators: Mapping[str, object] | None = None


# The indicators the report adds to part 一 (完成率 and 按期完成率 are in the counts).
REPORT_KEYS = (
    "overdue",
    "overdue_days",
    "unassigned",
    "rebound_rate",
    "evidence_coverage",
    "spot_failure_rate",
)


def report_title(data: ReportData) -> str:
    f = data.notice.facts
    return f"{f.issuer}关于{f.group}{f.kind}反馈意见整改情况的报告"


def recipient(data: ReportData) -> str:
    """主送机关: the leading group of the body that sent the inspectors."""
    f = data.notice.facts
    return f"{f.decider}{f.kind}工作领导小组："


def _problems(aspects: Sequence[AspectNode], loose: Sequence[ProblemItem]) -> Iterator[ProblemItem]:
    """Every problem once, in ledger order (aspects depth-first, then those without one)."""
    for a in aspects:
        yield from _problems(a.children, a.problems)
    yield from loose


def _measure_line(n: int, m: MeasureItem) -> str:
    text = measure_label(n) + strip_label(m.text).rstrip("。；;") + "。"
    facts = [
        f"责任领导：{m.leader}" if m.leader else "",
        f"牵头单位：{m.unit}" if m.unit else "",
        f"完成时限：{cn_date(m.deadline)}" if m.deadline else "",
        f"状态：{m.state}" if m.state else "",
    ]
    shown = "；".join(x for x in facts if x)
    if shown:
        text += f"（{shown}）"
    if m.progress:
        text += m.progress.strip().rstrip("。") + "。"
    return text


def _overall(data: ReportData, problems: list[ProblemItem]) -> str:
    measures = [m for p in problems for m in p.measures]
    closed = sum(1 for m in measures if m.closed)
    done = sum(1 for p in problems if p.measures and all(m.closed for m in p.measures))
    f = data.notice.facts
    text = f"{f.kind}反馈问题共{len(problems)}个"
    if done:
        text += f"，已完成整改{done}个"
    text += f"；细化整改措施{len(measures)}项"
    if closed:
        text += f"，已完成（销号）{closed}项"
    if len(measures) - closed:
        text += f"，正在推进{len(measures) - closed}项"
    return text + "。"


def build_report(data: ReportData) -> NoticeDocument:
    """The report as blocks: 主送, opening, 一 to 五, 特此报告, signature and date."""
    f = data.notice.facts
    problems = list(_problems(data.notice.aspects, data.notice.loose_problems))
    feedback = f"{cn_date(f.feedback)}，" if f.feedback else ""
    body: list[Block] = [
        Block("salutation", recipient(data)),
        Block(
            "para",
            f"{feedback}{f.group}向{f.target}反馈了{f.kind}意见。{f.target}把{f.kind}整改"
            f"作为重要政治任务，逐项制定整改措施、明确责任领导和牵头单位，"
            f"推动整改落地见效。现将整改情况报告如下。",
        ),
        Block("h1", "一、整改工作总体情况"),
        Block("para", _overall(data, problems)),
    ]
    counts = registers_paragraph(f, data.notice.registers)
    if counts:
        body.append(Block("para", counts))
    if data.indicators:
        body.append(Block("para", f"主要指标：{sentence(data.indicators, REPORT_KEYS)}。"))

    body.append(Block("h1", f"二、{f.kind}反馈问题整改情况"))
    for i, p in enumerate(problems, 1):
        code = f"{p.code}：" if p.code else ""
        body.append(Block("h2", f"（{cn_number(i)}）{code}{strip_label(p.title).rstrip('。')}"))
        lines = [_measure_line(n, m) for n, m in enumerate(p.measures, 1)]
        if lines:
            lines[-1] += problem_progress(p)
        body += [Block("para", line) for line in lines]

    sections = [
        ("建章立制情况", data.regulations, "整改期间未新制定或修订制度。"),
        (
            "问责追责和挽回损失情况",
            [*data.accountability, *data.recoveries],
            "整改期间未开展问责追责。",
        ),
    ]
    n = 2
    for heading, entries, none in sections:
        n += 1
        body.append(Block("h1", f"{cn_number(n)}、{heading}"))
        if entries:
            body += [Block("para", f"{k}.{e}") for k, e in enumerate(entries, 1)]
        else:
            body.append(Block("para", none))
    body.append(Block("h1", f"{cn_number(n + 1)}、下一步工作打算"))
    body += [text_block(t) for t in data.notice.next_steps or DEFAULT_NEXT_STEPS]
    body.append(Block("para", "特此报告。"))
    tail = [Block("signature", f.issuer)]
    if data.date:
        tail.append(Block("date", cn_date(data.date)))
    return NoticeDocument(title=report_title(data), body=body, tail=tail, keep_whole=f.names)
