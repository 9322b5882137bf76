"""Text checks of a ledger's quality, from plain strings (no Django).

- :func:`vague_reason` — a measure made only of empty phrases (加强学习, 进一步提高认识):
  no object, deliverable, figure or date. Words come from ``jieba``; a measure is
  vague when nothing is left once the empty verbs and the generic nouns are removed.
- :func:`notice_claims` — the figures a notice states (problems, measures, closed,
  rules, accountability, 万元), read from the wording the generator writes.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from functools import lru_cache

import jieba

from .notices.labels import strip_label

jieba.setLogLevel(logging.WARNING)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs and adverbs that promise without saying what (空话套话).
EMPTY_PHRASES = frozenset(
    [
        "加强",
        "提高",
        "进一步",
        "持续",
        "深化",
        "认真",
        "切实",
        "不断",
        "全面",
        "严格",
        "强化",
        "积极",
        "着力",
        "努力",
        "坚持",
        "抓好",
        "抓实",
        "做好",
        "推进",
        "推动",
        "落实",
        "完善",
        "规范",
        "狠抓",
        "扎实",
        "深入",
        "大力",
        "务必",
        "确保",
        "高度",
        "重视",
        "注重",
        "增强",
        "提升",
        "营造",
        "树立",
        "牢固",
        "始终",
        "更加",
        "继续",
        "逐步",
        "有效",
        "主动",
        "自觉",
    ]
)
# Nouns too general to name an object of the rectification.
GENERIC_NOUNS = frozenset(
    [
        "学习",
        "工作",
        "意识",
        "认识",
        "思想",
        "作风",
        "建设",
        "能力",
        "水平",
        "力度",
        "管理",
        "责任",
        "问题",
        "整改",
        "教育",
        "监督",
        "党建",
        "理论",
        "政治",
        "站位",
        "觉悟",
        "纪律",
        "规矩",
        "氛围",
        "效果",
        "质量",
        "效能",
        "机制",
        "措施",
        "方面",
        "各项",
        "相关",
        "有关",
        "工作作风",
        "思想认识",
        "政治站位",
        "理论学习",
        "责任意识",
        "纪律意识",
        "党性",
        "修养",
        "宗旨",
        "服务",
    ]
)
# Function words and evaluative phrases that say nothing about the subject.
FILLER = _words(
    "的 和 与 及 等 了 在 把 对 将 为 是 并 以 其 之 各 存在 部分 个别 未经 现象 仍然 "
    "时有发生 作用 发挥 充分 不够 不强 到位 不到位 及时 不及时 不严 较多"
)
_FIGURE = re.compile(r"\d|[一二三四五六七八九十百千两]+(?:个|项|次|人|宗|件|份|条|本|场|期|批|万)")
_DATE = re.compile(r"\d{1,2}月|\d{4}年|年底|月底|季度|上半年|下半年|日前|前完成")
_DELIVERABLE = re.compile(r"《[^》]+》|台账|清单|制度|办法|方案|报告|细则|规定|纪要|档案|公示")


def _is_empty(word: str) -> bool:
    """True when ``word`` is made only of empty phrases, generic nouns and fillers
    (jieba keeps compounds such as 进一步提高 whole)."""
    if not word:
        return True
    for vocab in (EMPTY_PHRASES, GENERIC_NOUNS, FILLER):
        for size in range(min(len(word), 4), 0, -1):
            if word[:size] in vocab and _is_empty(word[size:]):
                return True
    return False


def content_words(text: str) -> list[str]:
    """The words of ``text`` that name something: not empty phrases, generic nouns,
    fillers or punctuation."""
    words = []
    for w in jieba.lcut(text):
        w = w.strip()
        if not w or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", w):
            continue
        if _is_empty(w):
            continue
        words.append(w)
    return words


@lru_cache(maxsize=1 << 17)
def vague_reason(text: str) -> str | None:
    """Why a measure's text is vague, or ``None`` when it names an object, a
    deliverable, a figure or a date.

    Remembered per text (a pure function; about 30 MB at most): the 质量检查 of an
    inspection of 100,000 measures is made again after every change, and cutting
    labels and words off every text was most of its 1.3 s."""
    body = strip_label(text)
    if _FIGURE.search(body) or _DATE.search(body) or _DELIVERABLE.search(body):
        return None
    if content_words(body):
        return None
    empties = [w for w in jieba.lcut(body) if w in EMPTY_PHRASES or w.startswith("进一步")]
    used = "、".join(dict.fromkeys(empties)) or "套话"
    return f"只有“{used}”等表态，没有具体对象、成果、数字或时间"


_CLAIMS = {
    "problems": re.compile(r"(\d+)个反馈问题"),
    "measures": re.compile(r"细化为(\d+)项整改措施"),
    "closed": re.compile(r"已完成(\d+)项"),
    "regulations": re.compile(r"新制定制度(\d+)项、修订完善(\d+)项"),
    "accountability": re.compile(r"问责追责(\d+)人次"),
    "recovered": re.compile(r"挽回经济损失([\d.]+)万元"),
}

CLAIM_LABELS = {
    "problems": "反馈问题",
    "measures": "整改措施",
    "closed": "已完成措施",
    "regulations": "建章立制",
    "accountability": "问责追责人次",
    "recovered": "挽回经济损失（万元）",
}


def notice_claims(text: str) -> dict[str, Decimal]:
    """The figures a notice body states, by key of :data:`CLAIM_LABELS` (first mention)."""
    found: dict[str, Decimal] = {}
    for key, pattern in _CLAIMS.items():
        m = pattern.search(text)
        if m:
            found[key] = sum((Decimal(g) for g in m.groups()), Decimal(0))
    return found
