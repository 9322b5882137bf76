"""Rules, plans and notices the body made or revised: the distinct 《…》 titles.

A title counts when it names a kind of rule (制度, 办法, 方案, 通知 …) and no mention of
it is a citation of someone else's rule: laws and Party regulations, documents cited as
a basis (根据…), studied (学习…) or handed down (省委《…》), books, films, forms,
ledgers, reports and pledges. A mention next to a verb of making (制定, 印发, 修订 …)
overrides the exclusions.
"""

from __future__ import annotations

import re

_KIND = re.compile(
    r"(?:制度|办法|方案|规划|规则|细则|意见|通知|指引|导则|规定|预案|清单|计划|措施|机制|函|要点"
    r"|标准|规范|规程|程序|守则|准则|安排|指南|决定|纲要|工作法)(?:\([^()]{1,20}\))*$"
)
_NOT_A_RULE = re.compile(
    r"^(?:中国共产党|中华人民共和国)|条例(?:\([^()]*\))?$|(?<!办)法(?:\([^()]*\))?$|章程"
    r"|习近平|协议|合同|责任书|承诺书|倡议书|表$|登记簿|报告书?$|台账$|读本|摘要$|摘编|选读"
    r"|提醒函|交流$|实践$|关于邀请|公约$|范本$"
)
_MAKING = re.compile(r"制定|修订|修改|出台|印发|下发|起草|编制|编写|拟定|审议通过|研究制定")
_CITING_BEFORE = re.compile(
    r"学习|观看|根据|依据|贯彻|对照|宣传|宣讲|解读|授课|推文|派发|签订|签署|填写|上级|省委|中央"
    r"|国务院|传达|摘编"
)
_CITING_AFTER = re.compile(
    r"^(?:精神|立法|专题授课|推文|等宣传|宣传|等法规|等法律|有关规定|的重要文章)"
)
_PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,5}?(?:省|市|县|区|州|旗|镇|乡|街道))")
_BOUNDARY = "。;:!?,\n"


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 in ``text`` including the brackets; nested 《》 are allowed."""
    spans = []
    pos = text.find("《")
    while pos >= 0:
        newline = text.find("\n", pos)
        limit = min(len(text), pos + 150, newline if newline >= 0 else len(text))
        end = -1
        close = text.find("》", pos + 1, limit)
        while close >= 0:
            if text.count("《", pos, close) == text.count("》", pos, close + 1):
                end = close + 1
                break
            close = text.find("》", close + 1, limit)
        if end > 0:
            spans.append((pos, end))
            pos = text.find("《", end)
        else:
            pos = text.find("《", pos + 1)
    return spans


def _clause_before(text: str, start: int, spans: list[tuple[int, int]], k: int) -> str:
    """Text of the clause before title ``k``, other titles of the same run removed."""
    pieces = []
    pos = start
    j = k - 1
    while pos > 0 and start - pos < 60:
        if j >= 0 and spans[j][1] == pos:
            pos = spans[j][0]
            j -= 1
            continue
        ch = text[pos - 1]
        if ch in _BOUNDARY:
            break
        pieces.append(ch)
        pos -= 1
    return "".join(reversed(pieces))


def _after_run(text: str, end: int, spans: list[tuple[int, int]], k: int) -> str:
    j = k + 1
    while j < len(spans) and spans[j][0] - end <= 1 and text[end : spans[j][0]] in ("", "、", "和"):
        end = spans[j][1]
        j += 1
    return text[end : end + 20]


def find_regulations(norm: str, raw: str, own_places: str) -> list[str]:
    """Distinct rule titles in folded ``norm`` (printed form taken from ``raw``).

    ``own_places`` is text naming the notice's own body (issuer, title, targets): a rule
    named after another place (临川市… in a town's notice) is someone else's unless the
    notice says it was made here.
    """
    spans = _titles(norm)
    verdicts: dict[str, tuple[str, bool, bool, bool]] = {}
    order: list[str] = []
    for k, (start, end) in enumerate(spans):
        inner = norm[start + 1 : end - 1].strip()
        if len(inner) < 2:
            continue
        key = re.sub(r"\s+", "", inner)
        before = _clause_before(norm, start, spans, k)
        after = _after_run(norm, end, spans, k)
        making = bool(_MAKING.search(before))
        citing = bool(_CITING_BEFORE.search(before) or _CITING_AFTER.match(after))
        grouped = bool(re.match(r"等[^。;,]{0,8}(?:方案|制度|文件|办法|规定)", after))
        if key not in verdicts:
            order.append(key)
            verdicts[key] = (raw[start:end].strip(), making, citing, making and grouped)
        else:
            printed, was_making, was_citing, was_grouped = verdicts[key]
            verdicts[key] = (
                printed,
                was_making or making,
                was_citing or citing,
                was_grouped or (making and grouped),
            )
    result = []
    for key in order:
        printed, making, citing, grouped = verdicts[key]
        if _NOT_A_RULE.search(key):
            continue
        if not _KIND.search(key) and not grouped:
            continue
        if citing and not making:
            continue
        place = _PLACE.match(key)
        if place and not making and place.group(1)[:-1] not in own_places:
            continue
        result.append(printed)
    return result
