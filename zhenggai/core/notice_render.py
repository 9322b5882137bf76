"""Assembling the public progress notice (整改进展情况的通报) from plain data.

Input: :class:`NoticeData` (facts of the inspection, counts from the registers,
the aspect tree with problems and measures, contacts). Output: a
:class:`NoticeDocument`, a flat list of typed blocks (title, level-one heading,
paragraph, …) that the Word, HTML and text renderers share. No Django here.

The body the office edits is plain text, one paragraph per line
(:meth:`NoticeDocument.body_text`); :func:`document_from_body` turns an edited
body back into blocks by its numbering (一、 / （一） / 1.), so what the office
types is what gets rendered. The closing paragraph, attachments, signature and
date are not part of the edited body: they are rendered from the notice's own
fields, so that the window printed in the text is the window the portal enforces.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from zhenggai.core.numerals import int_to_cn

from .indicators import PUBLIC_KEYS, sentence
from .notices.labels import strip_label

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for headings)."""
    if n <= 0:
        raise ValueError("numbering starts at 1")
    return int_to_cn(n)


def measure_label(n: int) -> str:
    """The n-th measure label: 一是, 二是, …"""
    return cn_number(n) + "是"


def cn_date(day: dt.date | None) -> str:
    """2026年3月5日, or an empty string."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def cn_period(start: dt.date | None, end: dt.date | None) -> str:
    """2026年3月5日至4月20日 (the year printed once when both fall in it)."""
    if start is None or end is None:
        return cn_date(start or end)
    if start.year == end.year:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{cn_date(end)}"


def _sentence(text: str) -> str:
    """Text ending in a full stop (。；！？ kept as they are)."""
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in "。！？；.!?" else text + "。"


def _number(value: Decimal | int | float) -> str:
    """A figure without trailing zeros: 38.6500 → 38.65, 3.0 → 3."""
    d = Decimal(str(value)).normalize()
    text = format(d, "f")
    return text


# ---------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class Figure:
    """A number reported with a progress update: 清理合同 12 宗."""

    label: str
    value: Decimal | int | float
    unit: str = ""

    def text(self) -> str:
        return f"{self.label}{_number(self.value)}{self.unit}"


@dataclass(frozen=True)
class MeasureItem:
    """One measure as the notice prints it."""

    text: str
    progress: str = ""
    progress_date: dt.date | None = None
    figures: Sequence[Figure] = ()
    closed: bool = False
    long_term: bool = False
    milestones_done: int = 0
    milestones_total: int = 0
    next_milestone: str = ""
    next_milestone_due: dt.date | None = None
    # Printed by the internal documents (the report, the 对账销号单), not by the notice.
    leader: str = ""
    unit: str = ""
    deadline: dt.date | None = None
    state: str = ""  # 未启动 / 推进中 / 申请销号 / 已销号
    # The sub-heading of the problem the measure is listed under ("（1）关于…"), if any.
    group: str = ""


@dataclass(frozen=True)
class ProblemItem:
    """A fed-back problem with its measures; ``code`` is the inspectors' own (问题3)."""

    title: str
    code: str = ""
    long_term: bool = False
    measures: Sequence[MeasureItem] = ()


@dataclass(frozen=True)
class AspectNode:
    """A heading of the problem tree with its sub-aspects and problems."""

    title: str
    children: Sequence[AspectNode] = ()
    problems: Sequence[ProblemItem] = ()


@dataclass(frozen=True)
class Registers:
    """Counts the notice states in its first part, read from the registers."""

    meetings: int = 0
    supervisions: int = 0
    regulations_new: int = 0
    regulations_revised: int = 0
    regulation_titles: Sequence[str] = ()
    accountability: Sequence[tuple[str, int]] = ()  # (方式, 人次)
    recoveries: Sequence[tuple[str, Decimal]] = ()  # (方式, 万元)
    measures_total: int = 0
    measures_closed: int = 0
    problems_total: int = 0
    # Set only when a 社会通报 says how many it leaves out ("其中X项不宜公开"): the totals
    # above then count everything, and what it prints is the total less these.
    problems_withheld: int = 0
    measures_withheld: int = 0
    # The oversight indicators' publishable rates (core.indicators.PUBLIC_KEYS), or None.
    completion_rate: float | None = None
    on_time_rate: float | None = None


@dataclass(frozen=True)
class Contacts:
    """The channels for the public's opinions, printed in the closing paragraph."""

    disclosure_start: dt.date | None = None
    disclosure_end: dt.date | None = None
    phone: str = ""
    phone_hours: str = ""
    postal_address: str = ""
    envelope_words: str = ""
    postcode: str = ""
    email: str = ""


@dataclass(frozen=True)
class InspectionFacts:
    """What the opening paragraph says about the inspection."""

    kind: str  # 巡视 or 巡察
    group: str  # 临江市委第二巡察组
    target: str  # 云溪镇党委
    issuer: str  # 中共临江市云溪镇委员会 (signature)
    start: dt.date | None = None
    end: dt.date | None = None
    feedback: dt.date | None = None
    variant: str = ""  # 常规 / 对村 / 专项 / 回头看 ("" or 常规 prints nothing)

    @property
    def names(self) -> tuple[str, ...]:
        """Names a title never breaks inside."""
        return (self.issuer, self.group, self.target, self.decider + self.kind)

    @property
    def decider(self) -> str:
        """Who decided the round: the group's name up to 第…组 (临江市委)."""
        match = re.match(r"(.+?)(第[一二三四五六七八九十\d]+)?(巡视|巡察)", self.group)
        return match.group(1) if match else self.group


@dataclass(frozen=True)
class NoticeData:
    """Everything the generated notice is made from."""

    facts: InspectionFacts
    registers: Registers = field(default_factory=Registers)
    aspects: Sequence[AspectNode] = ()
    loose_problems: Sequence[ProblemItem] = ()  # problems without an aspect
    contacts: Contacts = field(default_factory=Contacts)
    attachments: Sequence[str] = ()
    date: dt.date | None = None
    responsibility_text: Sequence[str] = ()  # office's own paragraphs for 一、
    next_steps: Sequence[str] = ()  # 四、
    public: bool = True  # a 党内通报 (False) invites no opinions from the public


# ---------------------------------------------------------------------------
# Output


BLOCK_KINDS = (
    "title",
    "h1",
    "h2",
    "h3",
    "para",
    "closing",
    "contact",
    "item",
    "table",
    "salutation",
    "subtitle",
    "attachments",
    "attachment",
    "signature",
    "date",
)


@dataclass(frozen=True)
class Block:
    """One paragraph of the document. ``lead`` is a run-in heading printed in the
    heading's font before ``text`` (（一）加强组织领导。正文…)."""

    kind: str
    text: str
    lead: str = ""

    @property
    def full(self) -> str:
        return self.lead + self.text


@dataclass(frozen=True)
class NoticeDocument:
    """The notice as typed blocks, in reading order."""

    title: str
    body: Sequence[Block]
    tail: Sequence[Block] = ()
    # Names the title's line breaks must not split (the issuer, the inspection group).
    keep_whole: Sequence[str] = ()

    @property
    def blocks(self) -> list[Block]:
        return [Block("title", self.title), *self.body, *self.tail]

    @property
    def title_lines(self) -> list[str]:
        """The title as the Word file breaks it (between words), for screens too."""
        from .gongwen import title_lines

        return title_lines(self.title, self.keep_whole)

    def body_text(self) -> str:
        """The editable body: one paragraph per line."""
        return "\n".join(b.full for b in self.body)

    def to_text(self) -> str:
        """The whole notice as plain text (title, blank line, paragraphs)."""
        lines = [self.title, ""]
        lines += [b.full for b in self.body]
        for b in self.tail:
            if b.kind in ("attachments", "signature"):
                lines.append("")
            lines.append(b.full)
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Building


def notice_title(facts: InspectionFacts) -> str:
    """中共…委员会关于临江市委巡察整改进展情况的通报."""
    return f"{facts.issuer}关于{facts.decider}{facts.kind}整改进展情况的通报"


def opening(facts: InspectionFacts) -> str:
    variant = "" if facts.variant in ("", "常规") else facts.variant
    parts = [f"根据{facts.decider}{facts.kind}工作统一安排"]
    if facts.start or facts.end:
        parts.append(f"{cn_period(facts.start, facts.end)}")
    parts.append(f"{facts.group}对{facts.target}开展了{variant}{facts.kind}")
    text = "，".join(parts) + "。"
    if facts.feedback:
        text += f"{cn_date(facts.feedback)}，{facts.group}向{facts.target}反馈了{facts.kind}意见。"
    text += (
        f"依照党内法规关于{facts.kind}整改情况公开的规定，现将{facts.kind}整改进展情况予以公布。"
    )
    return text


def _counts(*parts: tuple[int, str]) -> str:
    """Counted phrases joined by 、, leaving out every zero ("修订完善0项" is never printed)."""
    return "、".join(pattern.format(n) for n, pattern in parts if n)


def registers_paragraph(facts: InspectionFacts, reg: Registers) -> str:
    """The counts of part 一, each clause only when its register has rows."""
    clauses = []
    if reg.meetings:
        clauses.append(f"召开专题会议{reg.meetings}次，研究部署和调度整改工作")
    if reg.supervisions:
        clauses.append(f"开展督导检查、督办约谈{reg.supervisions}次")
    if reg.problems_total:
        text = f"将{reg.problems_total}个反馈问题细化为{reg.measures_total}项整改措施"
        withheld = _counts(
            (reg.problems_withheld, "{}个问题"), (reg.measures_withheld, "{}项整改措施")
        )
        if withheld:
            text += f"（其中{withheld}不宜公开，本通报未列出）"
        if reg.measures_closed:
            text += f"，目前已完成{reg.measures_closed}项"
        rates = sentence({k: getattr(reg, k) for k in PUBLIC_KEYS}, PUBLIC_KEYS)
        if rates:
            text += f"，{rates}"
        clauses.append(text)
    if reg.regulations_new or reg.regulations_revised:
        text = _counts(
            (reg.regulations_new, "新制定制度{}项"), (reg.regulations_revised, "修订完善制度{}项")
        )
        if reg.regulation_titles:
            shown = "、".join(reg.regulation_titles[:3])
            more = "等" if len(reg.regulation_titles) > 3 else ""
            text += f"（包括{shown}{more}）"
        clauses.append(text)
    acc_total = sum(n for _, n in reg.accountability)
    if acc_total:
        detail = "、".join(f"{kind}{n}人次" for kind, n in reg.accountability)
        clauses.append(f"问责追责{acc_total}人次（其中{detail}）")
    rec_total = sum((amount for _, amount in reg.recoveries), Decimal(0))
    if rec_total:
        detail = "、".join(f"{kind}{_number(a)}万元" for kind, a in reg.recoveries)
        clauses.append(f"挽回经济损失{_number(rec_total)}万元（其中{detail}）")
    if not clauses:
        return ""
    return f"整改工作开展以来，{facts.target}" + "；".join(clauses) + "。"


DEFAULT_RESPONSIBILITY = (
    "（一）提高政治站位，扛起整改责任。党委把{kind}整改作为当前一项重要政治任务，"
    "成立由书记任组长的整改工作领导小组，下设整改办公室，统筹推进各项整改任务。",
    "（二）细化任务清单，逐项对账销号。对照反馈意见制定整改方案，建立问题、任务、责任三张清单，"
    "明确每项措施的责任领导、牵头单位和完成时限，实行红黄绿灯动态管理。",
    "（三）强化督导推进，确保整改质效。整改办定期调度进展，对进度滞后的事项发出督办提醒，"
    "对已销号事项适时组织回头看，防止问题反弹。",
)

DEFAULT_NEXT_STEPS = (
    "（一）紧盯未完成事项。对仍在推进的整改措施，逐项倒排工期、压实责任，确保按期完成。",
    "（二）巩固已有成果。对已完成的事项定期复查，发现反弹的及时重新交办整改。",
    "（三）健全长效机制。把整改中形成的有效做法固化为制度，推动以案促改、以改促治。",
)


def _measure_line(n: int, m: MeasureItem) -> str:
    text = measure_label(n) + _sentence(strip_label(m.text))
    figures = "，".join(f.text() for f in m.figures)
    if m.progress and figures:
        text += m.progress.strip().rstrip("。；") + "，" + figures + "。"
    elif m.progress:
        text += _sentence(m.progress)
    elif figures:
        text += f"目前已{figures}。"
    if m.long_term and m.milestones_total:
        text += f"已完成阶段目标{m.milestones_done}项（共{m.milestones_total}项）"
        if m.next_milestone:
            due = f"，计划{cn_date(m.next_milestone_due)}前完成" if m.next_milestone_due else ""
            text += f"，下一阶段：{m.next_milestone}{due}"
        text += "。"
    return text


def problem_progress(p: ProblemItem) -> str:
    """One sentence on where a problem stands, from its measures' states.

    "目前，该问题已完成整改。" when every measure is closed; otherwise
    "截至2026年11月20日（the latest progress update），该问题3项整改措施已完成1项、
    正在推进2项。" — counts of zero are left out.
    """
    if not p.measures:
        return ""
    done = sum(1 for m in p.measures if m.closed)
    if done == len(p.measures):
        return "目前，该问题已完成整改。"
    dates = [m.progress_date for m in p.measures if m.progress_date]
    when = f"截至{cn_date(max(dates))}" if dates else "目前"
    total = len(p.measures)
    subject = f"该问题{total}项整改措施" if total > 1 else "该问题整改措施"
    going = total - done
    if not done:
        state = "正在推进" if total == 1 else "均在推进"
    else:
        state = _counts((done, "已完成{}项"), (going, "正在推进{}项"))
    return f"{when}，{subject}{state}。"


def _problem_head(label: str, p: ProblemItem) -> str:
    code = f"{p.code}：" if p.code else ""
    return f"{label}{code}{strip_label(p.title).rstrip('。')}"


# Labels by depth inside part 二: aspects and problems take the next free level.
def _label(depth: int, n: int) -> tuple[str, str]:
    """(block kind, label) for the n-th item at ``depth`` under part 二."""
    if depth == 0:
        return "h2", f"（{cn_number(n)}）"
    if depth == 1:
        return "h3", f"{n}."
    if depth == 2:
        return "para", f"（{n}）"
    return "para", CIRCLED[(n - 1) % len(CIRCLED)]


def _measure_lines(measures: Sequence[MeasureItem]) -> list[str]:
    """One line per measure, numbered 一是, 二是 …; a sub-heading opens the first line of
    its group and the numbering starts again under it, as notices print them."""
    lines: list[str] = []
    n, group = 0, ""
    for m in measures:
        n = 1 if m.group != group else n + 1
        head = _sentence(m.group) if m.group and m.group != group else ""
        group = m.group
        lines.append(head + _measure_line(n, m))
    return lines


def _problem_blocks(depth: int, n: int, p: ProblemItem) -> list[Block]:
    kind, label = _label(depth, n)
    lines = _measure_lines(p.measures)
    if lines:
        # The state of the whole problem closes its last measure's paragraph.
        lines[-1] += problem_progress(p)
    return [Block(kind, _problem_head(label, p)), *(Block("para", line) for line in lines)]


def _aspect_blocks(depth: int, n: int, a: AspectNode) -> list[Block]:
    kind, label = _label(depth, n)
    out = [Block(kind, f"{label}{strip_label(a.title).rstrip('。')}")]
    k = 0
    for child in a.children:
        if _has_problems(child):
            k += 1
            out += _aspect_blocks(depth + 1, k, child)
    for p in a.problems:
        if not p.long_term:
            k += 1
            out += _problem_blocks(depth + 1, k, p)
    return out


def _has_problems(a: AspectNode) -> bool:
    return any(not p.long_term for p in a.problems) or any(_has_problems(c) for c in a.children)


def _long_term(aspects: Iterable[AspectNode], loose: Iterable[ProblemItem]) -> list[ProblemItem]:
    found: list[ProblemItem] = []

    def walk(a: AspectNode) -> None:
        found.extend(p for p in a.problems if p.long_term)
        for c in a.children:
            walk(c)

    for a in aspects:
        walk(a)
    found.extend(p for p in loose if p.long_term)
    return found


def build_notice(data: NoticeData) -> NoticeDocument:
    """The generated notice: opening, parts 一 to 四, then the closing tail.

    Long-term problems (``ProblemItem.long_term``) are printed once, in part 三,
    so that every problem appears exactly once (a parser counts them once).
    """
    f = data.facts
    body: list[Block] = [Block("para", opening(f))]

    body.append(Block("h1", f"一、党委履行{f.kind}整改主体责任情况"))
    counts = registers_paragraph(f, data.registers)
    if counts:
        body.append(Block("para", counts))
    for text in data.responsibility_text or [t.format(kind=f.kind) for t in DEFAULT_RESPONSIBILITY]:
        body.append(text_block(text))

    body.append(Block("h1", f"二、{f.kind}反馈问题整改落实情况"))
    n = 0
    for a in data.aspects:
        if _has_problems(a):
            n += 1
            body += _aspect_blocks(0, n, a)
    for p in data.loose_problems:
        if not p.long_term:
            n += 1
            body += _problem_blocks(0, n, p)

    long_term = _long_term(data.aspects, data.loose_problems)
    section = 3
    if long_term:
        body.append(Block("h1", "三、需长期整改事项推进情况"))
        for i, p in enumerate(long_term, 1):
            body += _problem_blocks(0, i, p)
        section = 4
    body.append(Block("h1", f"{cn_number(section)}、下一步工作打算"))
    for text in data.next_steps or DEFAULT_NEXT_STEPS:
        body.append(text_block(text))

    return NoticeDocument(
        title=notice_title(f),
        body=body,
        tail=tail_blocks(f, data.contacts, data.attachments, data.date, public=data.public),
        keep_whole=f.names,
    )


def closing(facts: InspectionFacts, c: Contacts) -> str:
    """The invitation to supervise, with the disclosure window."""
    text = f"诚请社会各界和广大群众对{facts.target}{facts.kind}整改工作进行监督，提出意见建议。"
    if c.disclosure_start and c.disclosure_end:
        text += f"公开期限：{cn_period(c.disclosure_start, c.disclosure_end)}。"
    if c.phone or c.postal_address or c.postcode or c.email:
        text += "联系方式如下："
    return text


def contact_lines(c: Contacts) -> list[str]:
    """One line per channel for opinions (printed flush left, never stretched)."""
    parts = []
    if c.phone:
        hours = f"（{c.phone_hours}）" if c.phone_hours else ""
        parts.append(f"联系电话：{c.phone}{hours}")
    if c.postal_address:
        words = f"（信封上请注明“{c.envelope_words}”）" if c.envelope_words else ""
        parts.append(f"邮政信箱：{c.postal_address}{words}")
    if c.postcode:
        parts.append(f"邮政编码：{c.postcode}")
    if c.email:
        parts.append(f"电子邮箱：{c.email}")
    return parts


def tail_blocks(
    facts: InspectionFacts,
    contacts: Contacts,
    attachments: Sequence[str],
    date: dt.date | None,
    public: bool = True,
) -> list[Block]:
    """Closing paragraph, attachments, signature and date. A 党内通报 (``public``
    false) is not published: no invitation to the public, no window, no channels."""
    out = []
    if public:
        out.append(Block("closing", closing(facts, contacts)))
        out += [Block("contact", line) for line in contact_lines(contacts)]
    if attachments:
        out.append(Block("attachments", "附件："))
        out += [Block("attachment", f"{i}.{t}") for i, t in enumerate(attachments, 1)]
    out.append(Block("signature", facts.issuer))
    if date:
        out.append(Block("date", cn_date(date)))
    return out


# ---------------------------------------------------------------------------
# Reading an edited body back into blocks

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_H3 = re.compile(r"^\d+[.．、](?!\d)")
# A run-in heading ends at the first full stop when more text follows it.
_RUN_IN = re.compile(r"^(.{2,60}?[。！？])(.+)$")


def text_block(line: str) -> Block:
    """Classify one line of an edited body by its numbering."""
    line = line.strip()
    for kind, pattern in (("h1", _H1), ("h2", _H2), ("h3", _H3)):
        if pattern.match(line):
            if kind != "h1":
                run_in = _RUN_IN.match(line)
                if run_in:
                    return Block(kind, run_in.group(2), lead=run_in.group(1))
            return Block(kind, line)
    return Block("para", line)


def document_from_body(
    title: str, body: str, tail: Sequence[Block] = (), keep_whole: Sequence[str] = ()
) -> NoticeDocument:
    """The document for an edited body (blank lines dropped)."""
    blocks = [text_block(line) for line in body.splitlines() if line.strip()]
    return NoticeDocument(title=title, body=blocks, tail=tail, keep_whole=keep_whole)


# ---------------------------------------------------------------------------
# HTML (the CLI's --format html; the public page renders the same blocks itself)

_TAGS = {
    "title": "h1",
    "h1": "h2",
    "h2": "h3",
    "h3": "h4",
}


# The standalone page's only style; the web server allows exactly this text by its hash.
STANDALONE_CSS = (
    "body{max-width:46em;margin:2em auto;padding:0 1em;line-height:1.9;"
    "font-family:FangSong,'仿宋_GB2312',serif;font-size:18px}"
    ".n-title{text-align:center;font-size:1.5em}.n-para,.n-closing{text-indent:2em}"
    ".n-signature,.n-date{text-align:right;margin-right:4em}"
)


def render_html(doc: NoticeDocument, *, standalone: bool = True) -> str:
    """The notice as HTML; every piece of text is escaped."""
    parts = []
    for b in doc.blocks:
        if b.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>"
                for line in b.text.split("\n")
            )
            parts.append(f'<table class="n-table">{rows}</table>')
            continue
        tag = _TAGS.get(b.kind, "p")
        lead = f"<strong>{html.escape(b.lead)}</strong>" if b.lead else ""
        parts.append(f'<{tag} class="n-{b.kind}">{lead}{html.escape(b.text)}</{tag}>')
    article = '<article class="notice">\n' + "\n".join(parts) + "\n</article>"
    if not standalone:
        return article
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(doc.title)}</title>"
        f"<style>{STANDALONE_CSS}</style>"
        f"</head><body>\n{article}\n</body></html>\n"
    )
