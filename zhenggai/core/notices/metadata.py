"""Everything around the problems: title, issuer, dates, inspection, contacts, rules made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from zhenggai.core.notices.dates import (
    find_dates,
    find_range,
    resolve_range,
    span_end,
    standalone_date,
)
from zhenggai.core.notices.labels import AR_DOT, AR_PAREN, BULLET, SECTION, find_label
from zhenggai.core.notices.lexicon import TARGET_COUNT, TARGET_UNDER
from zhenggai.core.notices.model import Contacts, Disclosure, Inspection
from zhenggai.core.notices.text import Line
from zhenggai.core.numerals import cn_to_int

_OPENING = re.compile(
    r"(?:根据|按照|依据)[^。]{0,30}?(?:部署|安排|要求)"
    r"|(?:巡视|巡察)[^。]{0,6}组[^。]{0,40}?(?:进驻|开展|进行|对)"
)
_HAS_DAY = re.compile(r"\d{1,2}[ ]{0,2}月[ ]{0,2}\d{1,2}[ ]{0,2}日")
_TITLE_WORDS = re.compile(r"关于|通报|公告|公示|情况|报告")
_TITLE_END = re.compile(r"(?:通报|情况|公告|公示|报告|通知)(?:台账)?$")
_CLOSING = re.compile(
    r"^(?:欢迎|如有意见|如对|对巡察整改|对巡视整改|联系电话|联系方式|举报电话|邮政信箱|电子邮箱)"
    r"|公开期限|公示期限|公开时间|公示时间|公示期"
)
_LEADING_SYMBOLS = re.compile(r"^[^\w《“\"(（【]+")
_CONTACT_WORDS = re.compile(r"电话|邮箱|信箱|邮编|邮政编码")
_ATTACHMENT = re.compile(r"附件[ ]{0,2}(?P<n>\d{0,2})[ ]{0,2}[:：]?[ ]{0,2}")
_ORG_END = re.compile(
    r"(?:委员会|党委|党组|委|局|政府|办公室|纪委|监委|支部|总支|工委|中心|院|厅|办)$"
)


@dataclass
class Layout:
    """Where the parts of the notice sit, as indices into the content lines."""

    title: str | None = None
    opening: int | None = None
    body_start: int = 0
    body_end: int = 0
    closing: int | None = None
    attachments: int | None = None
    issuer: str | None = None
    published: date | None = None
    header_date: date | None = None
    tail: list[Line] = field(default_factory=list)
    # The closing paragraphs up to the signature: what a web page prints under the
    # signature (its own address and phone) is not a contact of the notice.
    closing_lines: list[Line] = field(default_factory=list)
    signed_at: int | None = None


def _title_like(line: Line) -> bool:
    norm = line.norm
    label = line.label()
    return (
        len(norm) <= 120
        and bool(_TITLE_WORDS.search(norm))
        and not norm.endswith(("。", ",", ";", ":"))
        and (label is None or label.style.startswith(BULLET))
    )


def find_layout(lines: list[Line], debris: list[Line]) -> Layout:
    """Locate title, opening paragraph, body, closing paragraph and signature."""
    layout = Layout(body_end=len(lines))
    for line in debris:
        if "发布" in line.norm or "日期" in line.norm:
            dates = find_dates(line.norm)
            if dates:
                layout.header_date = dates[0].resolve(None)
                break

    head = min(len(lines), 60)
    for i in range(head):
        norm = lines[i].norm
        if (
            find_label(norm) is None
            and _OPENING.search(norm)
            and (_HAS_DAY.search(norm) or "部署" in norm)
        ):
            layout.opening = i
            break
    title_scan_end = layout.opening if layout.opening is not None else min(head, 5)
    title_at = None
    for i in range(title_scan_end - 1, -1, -1):
        if _title_like(lines[i]):
            title_at = i
            break
    if title_at is not None:
        title = lines[title_at].raw
        prev = lines[title_at - 1] if title_at > 0 else None
        following = lines[title_at + 1] if title_at + 1 < title_scan_end else None
        # A long title is sometimes broken over two lines.
        if (
            prev
            and "关于" not in lines[title_at].norm
            and "关于" in prev.norm
            and _title_like(prev)
        ):
            title = prev.raw + title
        elif (
            following
            and not _TITLE_END.search(lines[title_at].norm)
            and _TITLE_END.search(following.norm)
            and _title_like(following)
        ):
            title = title + following.raw
        # A symbol or emoji before the title (copied from an article) is not part of it.
        layout.title = _LEADING_SYMBOLS.sub("", title).strip()
    if layout.opening is not None:
        layout.body_start = layout.opening + 1
    elif title_at is not None:
        layout.body_start = title_at + 1

    _find_signature(lines, layout)
    _find_closing(lines, layout)
    return layout


def _find_signature(lines: list[Line], layout: Layout) -> None:
    for i in range(len(lines) - 1, layout.body_start - 1, -1):
        found = standalone_date(lines[i].norm)
        if found:
            layout.published = found
            layout.signed_at = i
            if i - 1 >= layout.body_start and _issuer_like(lines[i - 1]):
                layout.issuer = lines[i - 1].raw.strip()
                layout.body_end = i - 1
            else:
                layout.body_end = i
            return
    # Signature and date on one line: "中共…委员会  2024年8月30日".
    for i in range(len(lines) - 1, max(layout.body_start, len(lines) - 12) - 1, -1):
        dates = find_dates(lines[i].norm)
        if dates and dates[-1].end == len(lines[i].norm) and dates[-1].year:
            prefix = lines[i].raw[: dates[-1].start].strip()
            if prefix and _issuer_like_text(prefix):
                layout.published = dates[-1].resolve(None)
                layout.issuer = prefix
                layout.body_end = i
                layout.signed_at = i
                return


def _issuer_like_text(text: str) -> bool:
    return (
        2 <= len(text) <= 40
        and not re.search(r"[。,;:!?、]", text)
        and bool(_ORG_END.search(text.rstrip()))
    )


def _issuer_like(line: Line) -> bool:
    norm = line.norm
    return (
        2 <= len(norm) <= 50
        and not re.search(r"[。,;:!?]", norm)
        and line.label() is None
        and not norm.startswith("附件")
    )


def _find_closing(lines: list[Line], layout: Layout) -> None:
    last_section = layout.body_start
    for i in range(layout.body_start, layout.body_end):
        label = lines[i].label()
        if label and label.style == SECTION:
            last_section = i
    for i in range(last_section, layout.body_end):
        norm = lines[i].norm
        if lines[i].label() is not None and not norm.startswith("附件"):
            continue
        if _CLOSING.search(norm) or len(_CONTACT_WORDS.findall(norm)) >= 2:
            layout.closing = i
            break
    for i in range(last_section, len(lines)):
        if _ATTACHMENT.match(lines[i].norm) and (layout.closing is None or i >= layout.closing):
            layout.attachments = i
            break
    ends = [layout.body_end]
    if layout.closing is not None:
        ends.append(layout.closing)
    if layout.attachments is not None:
        ends.append(layout.attachments)
    layout.body_end = min(ends)
    tail_from = min(ends)
    layout.tail = lines[tail_from:]
    signed = layout.signed_at
    layout.closing_lines = lines[tail_from:signed] if signed and signed > tail_from else layout.tail


# --- the inspection -------------------------------------------------------------------

_GROUP = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}届)?"
    r"(?:中央|省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委|工委|党委|党组)"
    r"(?:第[一二三四五六七八九十百\d]{1,4}轮)?"
    r"(?:(?:常规|专项|对村|机动|提级|交叉)?(?:巡视|巡察))?"
    r"(?:第[一二三四五六七八九十百\d]{1,4})?"
    r"(?:巡视|巡察)?组"
)
# Who was inspected: "对A开展了(常规|对村|某某领域专项…)巡察", "对A村、B村等N个村进行巡察",
# or "巡察了A村、B村". Every such clause of the opening counts (a town and, in a second
# clause, its villages).
_TARGET = re.compile(
    r"对(?P<t>[^,。;:]{1,80}?)(?:\(以下简称[^)]{0,30}\))?"
    r"(?:开展了?|进行了?|实施了?)[^,。;:]{0,24}?(?:巡视|巡察)"
    r"|(?:巡视|巡察)了(?!解)(?P<v>[^,。;:]{1,80}?)(?=[,。;:]|$)"
)
_TARGET_COUNT = re.compile(TARGET_COUNT)
_TARGET_UNDER = re.compile(TARGET_UNDER)


# Characters that end the words before a group's name ("…日，", "由", "经") rather than
# belong to it.
_NOT_IN_NAME = frozenset("日月年由经派对在和与及的")


def _group_start(text: str, start: int) -> int:
    """Where a group's name starts: the place or body printed before 市委/工委 belongs to
    it (澜州市委第七巡察组, 省委教育工委第三巡察组) when nothing else stands between."""
    pos = start
    while pos > 0 and start - pos < 8:
        ch = text[pos - 1]
        if not "\u4e00" <= ch <= "\u9fff" or ch in _NOT_IN_NAME:
            break
        pos -= 1
    return pos


# "于3月10日起…开展了为期两个月的巡察": a start date and a length instead of a range.
_STAY_FROM = re.compile(r"[ ]{0,2}(?:起|开始)")
_STAY_LENGTH = re.compile(
    r"为期[ ]{0,2}(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})[ ]{0,2}"
    r"(?P<u>个月|个多月|周|个星期|天|日)"
)


def _stay_for(preamble: str, published: date | None) -> tuple[date | None, date | None, int]:
    """Start, end and where the stay ends in ``preamble``, when printed as a start date
    followed by 起 and a length (为期两个月: it ends the day before the same date two
    months on); else (None, None, 0)."""
    for found in find_dates(preamble):
        if not _STAY_FROM.match(preamble, found.end):
            continue
        stop = preamble.find("。", found.end)
        length = _STAY_LENGTH.search(preamble, found.end, stop if stop >= 0 else len(preamble))
        if length is None:
            return None, None, 0
        year = found.year or (published.year if published else None)
        start = found.resolve(year)
        if start is not None and published is not None and found.year is None and start > published:
            start = found.resolve(published.year - 1)
        raw_count = length.group("n")
        count = int(raw_count) if raw_count.isdigit() else cn_to_int(raw_count)
        if start is None or not count or "多" in length.group("u"):
            return start, None, found.end
        return start, span_end(start, count, length.group("u")), length.end()
    return None, None, 0


def parse_inspection(preamble: str, raw: str, published: date | None) -> Inspection:
    """Read kind, group, stay dates, feedback date and targets from the opening paragraph.

    ``preamble`` is the folded text and ``raw`` the printed text of the same length.
    """
    result = Inspection()
    groups = [m for m in _GROUP.finditer(preamble) if re.search("巡视|巡察", m.group())]
    group = next((m for m in groups if "第" in m.group()), groups[0] if groups else None)
    if group:
        result.group = raw[_group_start(preamble, group.start()) : group.end()]
        result.kind = "巡视" if "巡视" in group.group() else "巡察"
    elif "巡视" in preamble or "巡察" in preamble:
        result.kind = "巡视" if preamble.count("巡视") > preamble.count("巡察") else "巡察"

    stay = find_range(preamble)
    stay_end_at = 0
    if stay:
        year = None
        if stay[0].year is None and published is not None:
            # No year printed: the stay came before the notice was published.
            year = published.year
            start, _ = resolve_range(*stay, year=year)
            if start is not None and start > published:
                year -= 1
        result.start, result.end = resolve_range(*stay, year=year)
        stay_end_at = stay[1].end
    else:
        result.start, result.end, stay_end_at = _stay_for(preamble, published)

    feedback_at = preamble.find("反馈", stay_end_at)
    if feedback_at >= 0:
        sentence_start = max(preamble.rfind("。", 0, feedback_at), stay_end_at) + 1
        before = find_dates(preamble[sentence_start:feedback_at])
        if before:
            anchor = result.end or result.start
            if anchor is not None:
                result.feedback = before[-1].resolve(anchor.year, after=anchor)
            elif published is not None:
                result.feedback = before[-1].resolve(published.year)
                if result.feedback and result.feedback > published and before[-1].year is None:
                    result.feedback = before[-1].resolve(published.year - 1)
    targets: list[str] = []
    for target in _TARGET.finditer(preamble):
        name = "t" if target.group("t") else "v"
        targets += _split_targets(preamble, raw, target.start(name), target.end(name))
    result.targets = list(dict.fromkeys(targets))
    return result


def _split_targets(norm: str, raw: str, start: int, end: int) -> list[str]:
    text = norm[start:end]
    under = _TARGET_UNDER.search(text)
    if under:
        start += under.end()
    count = _TARGET_COUNT.search(norm, start, end)
    if count:
        end = count.start()
    targets = []
    pos = start
    for piece in re.finditer(r"[^、]+", norm[start:end]):
        value = raw[pos + piece.start() : pos + piece.end()].strip()
        if value:
            targets.append(value)
    # "A村、B村党支部": the party body named once after the list belongs to each place.
    body = _SHARED_BODY.search(targets[-1]) if len(targets) > 1 else None
    if body and not any(_SHARED_BODY.search(t) for t in targets[:-1]):
        targets = [t + body.group() for t in targets[:-1]] + targets[-1:]
    return targets


_SHARED_BODY = re.compile(r"(?<=[村居区])(?:党总支部|党总支|党支部|党委|两委)$")


# --- the closing paragraph ---------------------------------------------------------------

_DISCLOSURE = re.compile(r"(?:公开期限|公示期限|公开时间|公示时间|公示期|公开期)[为是]?[ ]{0,2}:?")
_PHONE_KEY = re.compile(r"电话|热线|手机|座机")
_PHONE = re.compile(
    r"(?<![\d-])(?:\(?0\d{2,3}\)?[-‐–—]?)?[1-9]\d{6,7}(?![\d])|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|(?<!\d)123\d{2}(?!\d)"
)
_PHONE_STOP = re.compile(r"邮政|信箱|邮箱|邮编|地址|传真|公开期限|网址")
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,}"
)
_POSTCODE = re.compile(r"(?:邮政编码|邮编)[ ]{0,2}[:为]?\s{0,3}(\d{6})(?!\d)")
_ADDRESS = re.compile(
    r"(?:邮政信箱|通信地址|通讯地址|来信地址|信件地址|邮寄地址|联系地址|来信请寄|地址)"
    r"[ ]{0,2}[:为]?[ ]{0,2}"
    r"(?P<a>[^;。(、\n]{2,80}?)[ ]{0,2}(?=[;。(、\n]|邮政编码|邮编|电子邮箱|$)"
)


def parse_disclosure(text: str, published: date | None) -> Disclosure | None:
    """The disclosure window (公开期限) in folded ``text``, or None when not printed."""
    found = _DISCLOSURE.search(text)
    if not found:
        return None
    window = find_range(text, start_at=found.end())
    if not window or window[0].start - found.end() > 6:
        return None
    start, end = resolve_range(*window, year=published.year if published else None)
    if start is None:
        return None
    return Disclosure(start, end)


def parse_contacts(norm: str, raw: str) -> Contacts:
    """Phones, emails, postcode and postal address of the closing paragraph."""
    contacts = Contacts()
    for key in _PHONE_KEY.finditer(norm):
        stop = _PHONE_STOP.search(norm, key.end(), key.end() + 60)
        end = stop.start() if stop else min(len(norm), key.end() + 60)
        for phone in _PHONE.finditer(norm, key.end(), end):
            value = phone.group().replace("(", "").replace(")", "-").replace("--", "-")
            if value not in contacts.phones:
                contacts.phones.append(value)
    for email in _EMAIL.finditer(norm):
        if email.group() not in contacts.emails:
            contacts.emails.append(email.group())
    postcode = _POSTCODE.search(norm)
    if postcode:
        contacts.postcode = postcode.group(1)
    address = _ADDRESS.search(norm)
    if address:
        printed = raw[address.start("a") : address.end("a")]
        contacts.address = printed.strip().rstrip(",，;； ").strip() or None
    return contacts


def parse_attachments(tail: list[Line]) -> list[str]:
    """Titles listed after "附件:", one per numbered line or a single unnumbered one."""
    items: list[str] = []
    started = False
    for line in tail:
        head = _ATTACHMENT.match(line.norm)
        if head:
            started = True
            rest_norm, rest_raw = line.norm[head.end() :], line.raw[head.end() :]
            if rest_norm.strip():
                items.append(_strip_item_label(rest_norm, rest_raw))
            continue
        if not started:
            continue
        label = line.label()
        if label is None or label.style not in (AR_DOT, AR_PAREN):
            break
        items.append(_strip_item_label(line.norm, line.raw))
    return [item for item in items if item]


def _strip_item_label(norm: str, raw: str) -> str:
    label = find_label(norm)
    start = label.end if label and label.style in (AR_DOT, AR_PAREN) else 0
    return raw[start:].strip().rstrip("。.; ").strip()
