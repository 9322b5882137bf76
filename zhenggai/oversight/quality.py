"""Quality checks of one inspection's ledger (整改质量检查): hollow rectification caught.

:func:`findings` runs every rule of :data:`RULES` and returns plain findings, each
naming its rule and linking to the record. The office explains a finding with
``do_explain_finding`` (audited); explained findings stay listed, with the note.
The text rules themselves live in :mod:`zhenggai.core.quality`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef

from zhenggai.core.lights import Light
from zhenggai.core.quality import vague_reason
from zhenggai.ledger.models import Evidence, Measure, Milestone, rules_for
from zhenggai.lib.pages import path_for

from .indicators import has_evidence, has_progress
from .models import FindingNote

S = Measure.Status
K = Measure.Kind

RULES: dict[str, tuple[str, str]] = {
    "vague_measure": ("措施空泛", "措施只有表态性词语，没有具体对象、成果、数字或时间"),
    "deadline_before_plan": ("时限早于交办", "整改时限早于反馈日期或交办日期"),
    "deadline_past_period": (
        "时限超出集中整改期",
        "立行立改、集中整改的措施，时限晚于集中整改期",
    ),
    "unassigned": ("待交办", "未明确责任领导、牵头单位或整改时限"),
    "closed_without_evidence": ("销号无佐证", "已销号但没有任何佐证材料"),
    "closed_without_progress": ("销号无进展", "已销号但从未报送整改进展"),
    "evidence_reused": ("佐证重复使用", "同一文件（SHA-256 相同）用作不相关措施的佐证"),
    "long_term_no_milestone": ("长期整改无后续节点", "长期整改措施没有今后的阶段目标"),
    "notice_mismatch": ("通报数据与台账不符", "整改通报中的数字与台账统计不一致"),
}


@dataclass
class Finding:
    rule: str
    key: str  # "measure:12", "notice:3:closed" — what an explanation is attached to
    title: str
    detail: str
    url: str
    explanation: str = ""

    @property
    def label(self) -> str:
        return RULES[self.rule][0]

    def as_dict(self) -> dict:
        return {**asdict(self), "label": self.label}


def _measure_title(m) -> str:
    code = m["problem__code"] or m["problem__label"]
    return f"{code} {m['label']}{m['text'][:60]}".strip()


def findings(inspection, today: dt.date, extra: list[Finding] | None = None) -> list[Finding]:
    """The ledger's findings on ``inspection`` (a fixed number of queries), with ``extra``
    findings of layers above (the notice's figures: :mod:`zhenggai.publication.quality`),
    each with the office's explanation when it has one, in the order of :data:`RULES`."""
    ahead = Milestone.objects.filter(measure=OuterRef("pk"), done_on__isnull=True, due__gte=today)
    rows = list(
        Measure.objects.filter(problem__inspection=inspection)
        .with_sorting_light(today, rules_for(inspection))
        .annotate(
            evidenced=has_evidence(),
            progressed=has_progress(),
            milestone_ahead=Exists(ahead),
        )
        .values(
            "pk",
            "label",
            "text",
            "kind",
            "status",
            "deadline",
            "assigned_on",
            "problem__code",
            "problem__label",
            "evidenced",
            "progressed",
            "milestone_ahead",
            "light",
        )
        .order_by("problem__order", "problem_id", "order", "pk")
    )
    out: list[Finding] = []
    measure_url = path_for("ledger:measure")

    def add(rule: str, m: dict, detail: str) -> None:
        url = measure_url(m["pk"])
        out.append(Finding(rule, f"measure:{m['pk']}", _measure_title(m), detail, url))

    plan_dates = [d for d in (inspection.feedback_date,) if d]
    for m in rows:
        reason = vague_reason(m["text"])
        if reason:
            add("vague_measure", m, reason)
        deadline = m["deadline"]
        earliest = max([*plan_dates, m["assigned_on"]]) if m["assigned_on"] else None
        if deadline and earliest and deadline < earliest and m["status"] != S.CLOSED:
            add("deadline_before_plan", m, f"时限 {deadline} 早于 {earliest}")
        if (
            deadline
            and inspection.concentrated_until
            and m["kind"] in (K.IMMEDIATE, K.CONCENTRATED)
            and deadline > inspection.concentrated_until
        ):
            add(
                "deadline_past_period",
                m,
                f"{K(m['kind']).label}措施时限 {deadline}，集中整改期至 "
                f"{inspection.concentrated_until}",
            )
        if m["light"] == Light.UNASSIGNED.value:  # 待交办, by the light's own rule
            add("unassigned", m, "缺少责任领导、牵头单位或整改时限")
        if m["status"] == S.CLOSED and not m["evidenced"]:
            add("closed_without_evidence", m, "已销号，未上传佐证材料")
        if m["status"] == S.CLOSED and not m["progressed"]:
            add("closed_without_progress", m, "已销号，没有任何进展记录")
        if m["kind"] == K.LONG_TERM and m["status"] != S.CLOSED and not m["milestone_ahead"]:
            add("long_term_no_milestone", m, "没有今天以后的未完成阶段目标")
    by_pk = {m["pk"]: m for m in rows}
    out += _reused_evidence(inspection, by_pk)
    out += extra or []
    notes = {(n.rule, n.key): n.note for n in FindingNote.objects.filter(inspection=inspection)}
    for f in out:
        f.explanation = notes.get((f.rule, f.key), "")
    order = list(RULES)
    out.sort(key=lambda f: order.index(f.rule))
    return out


def _reused_evidence(inspection, by_pk: dict) -> list[Finding]:
    """Files whose hash also backs a measure of another problem (anywhere)."""
    mine = list(
        Evidence.objects.filter(measure__problem__inspection=inspection).values_list(
            "sha256", "measure_id", "measure__problem_id", "original_name"
        )
    )
    if not mine:
        return []
    uses: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for sha, measure_id, problem_id in Evidence.objects.filter(
        sha256__in={row[0] for row in mine}
    ).values_list("sha256", "measure_id", "measure__problem_id"):
        uses[sha].add((measure_id, problem_id))
    out, seen = [], set()
    measure_url = path_for("ledger:measure")
    for sha, measure_id, problem_id, name in mine:
        others = sorted(mid for mid, pid in uses[sha] if pid != problem_id)
        if not others or (sha, measure_id) in seen:
            continue
        seen.add((sha, measure_id))
        m = by_pk[measure_id]
        out.append(
            Finding(
                "evidence_reused",
                f"measure:{measure_id}:{sha[:12]}",
                _measure_title(m),
                f"“{name}”（{sha[:12]}…）也是措施 "
                + "、".join(f"#{o}" for o in others[:5])
                + " 的佐证",
                measure_url(measure_id),
            )
        )
    return out
