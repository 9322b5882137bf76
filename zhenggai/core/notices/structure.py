"""Sections, the outline of numbered headings, and the problems and measures in it.

The outline is built with a stack of numbering styles: a style already open on the stack
closes everything opened after it (a sibling), a new style opens a level below (a
child). No document's own order of styles is assumed. Which headings are problems and
which are aspects is then decided bottom-up from what each heading contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhenggai.core.figures import extract_figures
from zhenggai.core.notices.labels import (
    AR_DOT,
    AR_PAREN,
    BARE,
    BULLET,
    BULLETS,
    CIRCLED,
    CODE,
    FANGMIAN,
    ORDINAL,
    ORDINAL_QI,
    PHRASE_HEADING,
    PROBLEM_FIELD,
    SECTION,
    SHI,
    SHI_ASPECT,
    WENTI_CN,
    Label,
    fold,
)
from zhenggai.core.notices.lexicon import (
    ASPECT_TITLE,
    DEADLINE_FIELDS,
    DESCRIPTION_OPENERS,
    LAST_WORD,
    LEADER_FIELDS,
    LONG_TERM,
    MEASURE_FIELDS,
    OTHER_SECTION,
    OUTCOME_FIELDS,
    PROBLEM_SECTION,
    PROBLEM_TITLE,
    PROGRESS_FIELDS,
    SEQUENCE_WORDS,
    UNIT_FIELDS,
)
from zhenggai.core.notices.model import Aspect, Measure, ParseWarning, Problem, Section
from zhenggai.core.notices.text import Line, ends_sentence
from zhenggai.core.numerals import cn_to_int
from zhenggai.core.numerals import int_to_cn as spell

# A ledger block without a label: the line that starts with its "问题：" field.
FIELD = "field"
# A heading printed in lenticular brackets without a number: "【政治建设方面】".
BRACKET = "bracket"
# A heading with no label that names a problem in one short sentence of its own
# ("…不到位的问题。"), as printed in bold by offices that number nothing.
PHRASE = "phrase"
# A short line set wholly in bold with no label ("农村公路养护资金下达迟缓"): a heading,
# when a notice has two or more of them.
EMPHASIS = "emphasis"
ASPECT = "aspect"
PROBLEM = "problem"
MAX_DEPTH = 10


@dataclass(slots=True)
class Para:
    """A paragraph, or a slice of one, inside a problem."""

    raw: str
    norm: str
    no: int


@dataclass
class Node:
    """A numbered heading with the lines under it."""

    label: Label
    style: str
    line: Line
    label_text: str | None
    title: str
    title_norm: str
    rest: str
    rest_norm: str
    body: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    kind: str = ""


@dataclass
class Block:
    """The lines of one top-level section (一、二、…), or of the text before the first."""

    number: str | None
    title: str
    line: Line | None
    kind: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Structure:
    """What :func:`parse_structure` finds in the body of a notice."""

    sections: list[Section] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_OPENERS = "“‘《(「『"
_CLOSERS = "”’》)」』"
_LIST_AFTER_COLON = re.compile(r"[ ]{0,2}(?:[一二三四五六七八九十]是|[①⑴]|\(1\))")


def _depth(text: str) -> int:
    return sum(text.count(ch) for ch in _OPENERS) - sum(text.count(ch) for ch in _CLOSERS)


# A full stop: 。, or an ASCII "." after a word (notices typed with ASCII punctuation;
# "1.5万" and "第3." are no stops).
_STOP = re.compile(r"。|(?<=[^\x00-\x7f])\.")


def _stop(norm: str, start: int) -> int:
    found = _STOP.search(norm, start)
    return found.start() if found else -1


def split_heading(raw: str, norm: str, start: int) -> tuple[str, str, str, str]:
    """Split a heading line at ``start`` into (title, folded title, rest, folded rest).

    The title runs to the first 。 outside quotes and brackets (or to a colon that opens
    a list of measures); the rest is what follows on the same line.
    """
    cut = -1
    first_any = _stop(norm, start)
    stop = first_any
    while stop >= 0:
        if _depth(norm[start:stop]) <= 0:
            cut = stop
            break
        stop = _stop(norm, stop + 1)
    colon = norm.find(":", start, cut if cut >= 0 else len(norm))
    while colon >= 0:
        if _LIST_AFTER_COLON.match(norm, colon + 1) and _depth(norm[start:colon]) <= 0:
            cut = colon
            break
        colon = norm.find(":", colon + 1, cut if cut >= 0 else len(norm))
    if cut < 0:
        cut = first_any if first_any >= 0 else len(norm)
    skip = 1 if cut < len(norm) else 0
    # A ledger field on the heading's line ends the title: "问题：会议偏多  措施：…".
    # (The colon that opened a list may be the field's own: "…问题 整改情况：一是…".)
    field = _FIELD.search(norm, start, cut + 1) if ":" in norm[start : cut + 1] else None
    if field and field.start() > start:
        cut, skip = field.start(), 0
    # A colon closing the heading ("…方面：") introduces what follows; it is no part of
    # the title, nor is the final stop (the folded title keeps it: see _leads_in).
    title = raw[start:cut].strip().rstrip("。").strip().rstrip(":：").strip()
    title_norm = norm[start:cut].strip().rstrip("。").strip()
    return title, title_norm, raw[cut + skip :].strip(), norm[cut + skip :].strip()


def _section_kind(title: str) -> str:
    if LONG_TERM.search(title) and not re.search("下一步|下步", title):
        return "long_term"
    if PROBLEM_SECTION.search(title) and not OTHER_SECTION.search(title):
        return "problems"
    return "other"


def _part_label(line: Line) -> Label | None:
    """ "第一部分" as a section label, or None."""
    label = line.label()
    if label is None or label.style != FANGMIAN:
        return None
    if "部分" not in line.norm[label.label_start : label.label_end]:
        return None
    return Label(SECTION, label.number, label.label_start, label.label_end, label.end)


def _unnumbered_other_heading(line: Line) -> bool:
    """A short unnumbered line naming a part that holds no problems ("下一步工作打算")."""
    norm = line.norm.strip().strip("*").strip()
    return (
        len(norm) <= 16
        and not re.search(r"[。;:,!?]", norm)
        and line.label() is None
        and bool(OTHER_SECTION.match(norm))
    )


def split_sections(lines: list[Line]) -> list[Block]:
    """Cut the body at top-level headings 一、二、… numbered in sequence."""
    blocks = [Block(None, "", None, "other")]
    expected: int | None = None
    # "第一部分", "第二部分" … above everything else: then they are the sections, and
    # "一、" is a heading inside them.
    parts = [(i, label.number) for i, line in enumerate(lines) if (label := _part_label(line))]
    first_section = next(
        (i for i, line in enumerate(lines) if (label := line.label()) and label.style == SECTION),
        len(lines),
    )
    by_parts = (
        len(parts) >= 2 and [n for _, n in parts[:2]] == [1, 2] and parts[0][0] < first_section
    )
    for line in lines:
        if _unnumbered_other_heading(line):
            # "下一步工作打算" on a line of its own, unnumbered: what follows is no problem.
            blocks.append(Block(None, line.raw.strip(), line, "other"))
            continue
        label = _part_label(line) if by_parts else line.label()
        if label is not None and label.style == SECTION and expected in (None, label.number):
            title, title_norm, _, _ = split_heading(line.raw, line.norm, label.end)
            if len(title_norm) <= 120:
                number = line.raw[label.label_start : label.label_end].rstrip("、. ").strip()
                if by_parts:
                    number = spell(label.number)
                blocks.append(Block(number, title, line, _section_kind(title_norm)))
                expected = label.number + 1
                continue
        blocks[-1].lines.append(line)
    if not any(b.kind != "other" for b in blocks):
        # No section says it holds the problems: look for them everywhere but in the
        # parts that plainly hold something else.
        candidates = [b for b in blocks[1:] if not OTHER_SECTION.search(b.title)]
        for block in candidates or blocks[:1]:
            block.kind = "problems"
    return blocks


def _resolve_bare(
    label: Label, stack: list[Node], last_number: dict[str, int], last_code_style: str | None
) -> str | None:
    candidates = [s for s in (AR_PAREN, AR_DOT) if last_number.get(s) == label.number - 1]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        if label.code and last_code_style in candidates:
            return last_code_style
        for node in reversed(stack):
            if node.style in candidates:
                return node.style
        return candidates[0]
    if label.code:
        if last_code_style in (AR_PAREN, AR_DOT):
            return last_code_style
        if stack and stack[-1].label.code:
            return stack[-1].style
        return AR_PAREN
    return None


def _place(style: str, number: int, stack: list[Node]) -> int:
    """The stack depth at which a heading of ``style`` numbered ``number`` goes."""
    same = [i for i in range(len(stack) - 1, -1, -1) if stack[i].style == style]
    if not same:
        return len(stack) if len(stack) < MAX_DEPTH else len(stack) - 1
    for i in same:
        if number == stack[i].label.number + 1:
            return i
    innermost = same[0]
    if number == 1 and innermost < len(stack) - 1 and len(stack) < MAX_DEPTH:
        # "1." under a heading that itself sits under a "1." list: a new nested list.
        return len(stack)
    return innermost


def _field_label(line: Line, number: int) -> Label | None:
    """A ledger block's "问题：" (or "【问题】") line with no label of its own."""
    offset = len(line.norm) - len(line.norm.lstrip(" "))
    found = PROBLEM_FIELD.match(line.norm, offset)
    if found is None or found.end() >= len(line.norm):
        return None
    return Label(FIELD, number, offset, offset, found.end())


_BRACKET_CODE = re.compile(
    r"[ ]{0,2}问题[ ]{0,2}(?:(?P<d>\d{1,5})|(?P<c>[一二三四五六七八九十百]{1,4}))[ ]{0,2}"
)


def _bracket_label(line: Line, number: int) -> Label | None:
    """A heading in 【】 with no number, unless it names a ledger field (【整改措施】)."""
    offset = len(line.norm) - len(line.norm.lstrip(" "))
    if not line.norm.startswith("【", offset):
        return None
    close = line.norm.find("】", offset + 1, offset + 42)
    if (
        close < offset + 3
        or _FIELD.match(line.norm, offset)
        or PROBLEM_FIELD.match(line.norm, offset)
    ):
        return None
    code = _BRACKET_CODE.fullmatch(line.norm, offset + 1, close)
    if code and line.norm[close + 1 :].strip():
        # "【问题3】title": the inspectors' code in brackets, the title after them.
        start = close + 1 + len(line.norm[close + 1 :]) - len(line.norm[close + 1 :].lstrip())
        if code.group("d"):
            return Label(BRACKET, number, offset, offset, start, f"问题{int(code.group('d'))}")
        return Label(WENTI_CN, cn_to_int(code.group("c")) or 0, offset + 1, close, start)
    return Label(BRACKET, number, offset, offset, offset + 1)


def _phrase_label(line: Line) -> Label | None:
    """A line that is nothing but a problem's name, with no label: "…的问题。"."""
    if line.label(bare=True) is not None or not PHRASE_HEADING.fullmatch(line.norm):
        return None
    offset = len(line.norm) - len(line.norm.lstrip(" "))
    return Label(PHRASE, 0, offset, offset, offset)


def phrase_headings(lines: list[Line]) -> bool:
    """Does the notice name its problems in unlabelled lines? Only when two or more such
    lines occur: a single one may be a sentence of text."""
    return sum(1 for line in lines if _phrase_label(line)) >= 2


# A bold heading is a name, not a sentence: no stop or colon inside it.
_BOLD_HEADING = re.compile(r"[^。;:!?]{2,40}[。]?")


def _bold_label(line: Line) -> Label | None:
    """A short line wholly in bold, with no label and no sentence: an unnumbered heading."""
    if not line.bold or line.label(bare=True) is not None:
        return None
    if not _BOLD_HEADING.fullmatch(line.norm):
        return None
    return Label(EMPHASIS, 0, 0, 0, 0)


def bold_headings(lines: list[Line]) -> bool:
    """Does the notice print unnumbered headings in bold? Two such lines at least."""
    return sum(1 for line in lines if _bold_label(line)) >= 2


def _inline_list(line: Line, label: Label, stack: list[Node]) -> bool:
    """Is the line part of a list of steps written as running text ("其一，…；其二，…")?
    Then its first word numbers a step, not a heading: the line names the next step
    itself, or the paragraph above named the one before."""
    if label.style not in (ORDINAL, ORDINAL_QI):
        return False
    word = line.norm[label.label_start : label.label_start + 1]  # 第 or 其
    following = re.compile(rf"[;。,][ ]{{0,2}}{word}{spell(label.number + 1)}[ ]{{0,2}}[,、:]")
    if following.search(line.norm, label.end):
        return True
    if label.number < 2 or not stack:
        return False
    above = stack[-1].body[-1].norm if stack[-1].body else stack[-1].rest_norm
    return re.search(rf"{word}{spell(label.number - 1)}[ ]{{0,2}}[,、:]", above) is not None


_SHORT_TITLE = 50


def _marker_headings(lines: list[Line]) -> set[int]:
    """Lines whose ①②… or 一是、二是… number headings rather than steps (see
    :func:`_heading_run`), for each of the two styles."""
    return _heading_run(lines, CIRCLED) | _heading_run(lines, SHI)


def _all_markers(lines: list[Line]) -> set[int]:
    """For a section with no heading at all: every line opening with ①②… (or, without
    those, 一是、二是…) numbers a problem, when there are two such lines at least. The
    numbers must go up: a step "二是…" that a line break put at the start of a line, after
    the heading "其次，…", is no heading."""
    for style in (CIRCLED, SHI):
        found: set[int] = set()
        last = 0
        for i, line in enumerate(lines):
            label = line.label()
            if label is not None and label.style == style and label.number > last:
                found.add(i)
                last = label.number
        if len(found) >= 2:
            return found
    return set()


def _heading_run(lines: list[Line], style: str) -> set[int]:
    """Lines of ``style`` (a marker of steps) that number headings instead: a run 1, 2, …
    in which every item is a short title (a name: no comma, nothing after its first stop)
    on a line of its own with lines of its own below it — fields, sub-steps of another
    style, paragraphs — as when problems are numbered ① or 一是 under each aspect; at
    least one such run of two. Steps follow one another line after line. A label of a
    style seen before the first item (an enclosing heading) ends a run."""
    runs: list[list[int]] = []
    run: list[int] = []
    bodies: list[bool] = []
    outer: set[str] | None = None
    seen: set[str] = set()

    def close() -> None:
        if run and all(bodies):
            runs.append(list(run))
        run.clear()
        bodies.clear()

    for i, line in enumerate(lines):
        label = line.label(bare=True)
        if label is not None and label.style == style:
            if outer is None:
                outer = set(seen)
            title, title_norm, rest, _ = split_heading(line.raw, line.norm, label.end)
            if label.number == 1:
                close()
            if (
                rest
                or len(title) > _SHORT_TITLE
                or "," in title_norm
                or label.number != len(run) + 1
            ):
                close()
                continue
            run.append(i)
            bodies.append(False)
        elif label is not None and outer is not None and label.style in outer:
            close()
        elif bodies:
            bodies[-1] = True
        if label is not None:
            seen.add(label.style)
    close()
    # A run of one (a single problem under an aspect) counts when a longer run shows
    # that the notice numbers problems this way.
    if not any(len(r) >= 2 for r in runs):
        return set()
    return {i for r in runs for i in r}


def _describes(stack: list[Node]) -> bool:
    """Would a "问题：" field line describe the heading just opened ("1.会议偏多" over
    "问题表现：…") rather than open a ledger block of its own? Not under a heading that
    calls itself a group (…方面), whose problems the fields list."""
    if not stack:
        return False
    top = stack[-1]
    return (
        top.style != FIELD
        and not top.body
        and not top.rest_norm
        and not top.children
        and not _aspect_titled(top)
    )


def build_tree(
    lines: list[Line], *, phrases: bool = False, bold: bool = False, every_marker: bool = False
) -> list[Node]:
    """Turn the lines of one section into a forest of numbered headings (and, when
    ``phrases``, of unlabelled headings that name a problem; when ``bold``, of unlabelled
    headings set in bold; when ``every_marker``, of lines opening with ① or 一是)."""
    roots: list[Node] = []
    stack: list[Node] = []
    last_number: dict[str, int] = {}
    last_code_style: str | None = None
    markers = _all_markers(lines) if every_marker else _marker_headings(lines)
    for index, line in enumerate(lines):
        label = line.label(bare=True)
        if label is None:
            label = (
                (None if _describes(stack) else _field_label(line, last_number.get(FIELD, 0) + 1))
                or _bracket_label(line, last_number.get(BRACKET, 0) + 1)
                or (_phrase_label(line) if phrases else None)
                or (_bold_label(line) if bold else None)
            )
        style = label.style if label else None
        if label is not None and style == BARE:
            style = _resolve_bare(label, stack, last_number, last_code_style)
        if (
            label is None
            or style is None
            or (style in (SHI, CIRCLED) and index not in markers)
            or _inline_list(line, label, stack)
        ):
            if stack:
                stack[-1].body.append(line)
            continue
        if style == BRACKET and not label.code:
            close = line.norm.index("】", label.end)
            title, title_norm = line.raw[label.end : close].strip(), line.norm[label.end : close]
            rest, rest_norm = line.raw[close + 1 :].strip(), line.norm[close + 1 :].strip()
            title_norm = title_norm.strip()
        else:
            title, title_norm, rest, rest_norm = split_heading(line.raw, line.norm, label.end)
        label_text = line.raw[label.label_start : label.label_end].strip() or None
        node = Node(label, style, line, label_text, title, title_norm, rest, rest_norm)
        coded = [i for i, open_node in enumerate(stack) if open_node.label.code]
        # "问题9:" with no label of its own, after "(一)问题12:", is a sibling of it.
        depth = coded[-1] if style == CODE and coded else _place(style, label.number, stack)
        del stack[depth:]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        last_number[style] = label.number
        if label.code:
            last_code_style = style
    return roots


def _aspect_titled(node: Node) -> bool:
    """Does the heading call itself a group of problems, by its label (第一方面, 一是…方面)
    or by its title (…方面, 聚焦…)?"""
    return node.style in (FANGMIAN, SHI_ASPECT) or bool(ASPECT_TITLE.search(node.title_norm))


def _names_problem(node: Node) -> bool:
    """Does the heading itself name a fed-back problem (a code, 针对…问题, …的问题)?"""
    if node.label.code or node.style in (WENTI_CN, FIELD, PHRASE):
        return True
    title = node.title_norm
    if title.startswith("针对") and "问题" in title:
        return True
    return bool(PROBLEM_TITLE.search(title)) and not _aspect_titled(node)


def _text_of_its_own(line: Line) -> bool:
    """A paragraph of text, not a ledger field, nor the tail of a broken line ("。",
    "；其三，…")."""
    return not _FIELD.match(line.norm) and line.norm[:1] not in _EDGE and len(line.norm) > 1


def _titles_text(node: Node) -> bool:
    """Is the heading on a line of its own, followed by paragraphs of text (a ledger
    field such as "责任单位：" under the last action of a list is the problem's, not that
    action's)?"""
    text_below = any(_text_of_its_own(line) for line in node.body)
    return not node.rest_norm and text_below and not node.children


def _children_are_problems(children: list[Node]) -> bool:
    """Do the numbered children name problems? Text below only the last of several
    children ("目前已完成。" after a list of actions) closes the list above it, not the
    last action: then it does not make that action a problem."""
    if any(_names_problem(c) for c in children):
        return True
    return any(_titles_text(c) for c in (children[:-1] if len(children) > 1 else children))


def _leads_in(node: Node) -> bool:
    """Does the heading end with a colon that introduces its own sub-items ("2.对…逐项
    复核：" over "1）…" "2）…")? Then it is one step with sub-steps, not a group."""
    return not node.rest_norm and node.title_norm.rstrip().endswith(":")


def classify(nodes: list[Node]) -> None:
    """Mark every node as an aspect or a problem, innermost first.

    A heading is an aspect when a child is an aspect, has children of its own or names a
    fed-back problem, or when the heading calls itself one (…方面) and stands alone on
    its line; otherwise it is a problem and its numbered children are its measures. A
    heading that names a problem and goes on with text of its own is a problem whatever
    its children say ("4.针对…问题。…(1)切实解决…问题。").
    """
    for node in nodes:
        classify(node.children)
        owns = _names_problem(node) and bool(node.rest_norm)
        if node.children and (
            any(c.kind == ASPECT or (c.children and not _leads_in(c)) for c in node.children)
            or (not owns and _children_are_problems(node.children))
            or (_aspect_titled(node) and not node.rest_norm)
        ):
            node.kind = ASPECT
        else:
            node.kind = PROBLEM


# --- measures -------------------------------------------------------------------------

_SHI_MARK = re.compile(
    r"(?P<n>[一二三四五六七八九十]{1,3})是(?!否)"
    r"|其(?P<q>[一二三四五六七八九十]{1,2})(?=[ ]{0,2}[,、:])"
    rf"|(?P<w>{'|'.join([*SEQUENCE_WORDS, LAST_WORD])})(?=[ ]{{0,2}}[,:])"
)
# A marker starts the text or follows punctuation; "统一是" is not one.
_MARK_AFTER = frozenset(" \t\n。;:,、!?(“”\"'")
_CIRCLED_MARK = re.compile(r"[\u2460-\u2473]")
_SUB_NUMBERED = re.compile(
    r"(?<![^\s。;:,!?])(?:\([ ]{0,2}(?P<n>\d{1,2})[ ]{0,2}\)|(?P<c>[\u2474-\u2487]))[ ]{0,2}"
    r"(?=关于|对于|针对)"
)
_EDGE = " \t,,;:、.。"
_LEADING = " \t\u3000,，;；:：、.．。"
_TRAILING = " \t\u3000,，;；:：、"


def _trim(text: str) -> str:
    """Printed measure text without the separators around it; a final 。 stays."""
    return text.strip().lstrip(_LEADING).rstrip(_TRAILING)


# A sub-item on a line of its own: ①, (1), 1., a., (a), or a bullet.
_SUB_ITEM = re.compile(
    r"[ ]{0,3}(?:[\u2460-\u2473\u2474-\u2487]|\([ ]{0,2}\d{1,2}[ ]{0,2}\)|\d{1,2}[.、)](?!\d)"
    rf"|[a-z][.)、]|\([a-z]\)|{BULLETS})"
)


@dataclass(slots=True)
class _Mark:
    para: int
    start: int
    end: int
    label: str
    number: int


def _run_marks(paras: list[Para], pattern: re.Pattern[str], chinese: bool) -> list[_Mark]:
    marks: list[_Mark] = []
    last = 0
    for pi, para in enumerate(paras):
        if chinese and not any(w in para.norm for w in ("是", "其", "首先", "次", LAST_WORD)):
            continue
        for match in pattern.finditer(para.norm):
            if chinese:
                if match.start() and para.norm[match.start() - 1] not in _MARK_AFTER:
                    continue
                word = match.group("w")
                if word:
                    # "最后" closes whatever series is open.
                    number = SEQUENCE_WORDS.get(word, last + 1)
                else:
                    number = cn_to_int(match.group("n") or match.group("q")) or 0
            elif match.groupdict().get("d"):
                # "(1)…;(2)…" run inline: a number after a stop or at the start.
                if match.start() and para.norm[match.start() - 1] not in _MARK_AFTER:
                    continue
                number = int(match.group("d"))
            else:
                number = ord(match.group()) - 0x245F
            if number == 1 or (last and last < number <= last + 2):
                last = number
                marks.append(
                    _Mark(
                        pi,
                        match.start(),
                        match.end(),
                        para.raw[match.start() : match.end()],
                        number,
                    )
                )
    return marks


_PAREN_MARK = re.compile(r"\([ ]{0,2}(?P<d>\d{1,2})[ ]{0,2}\)")


# "具体措施：1.…；2.…": a number opening the text or following a stop or colon, before
# Chinese text ("1.5万元", "1、2、3号楼" are not steps).
_DIGIT_MARK = re.compile(r"(?<![^\s。;:])(?P<d>\d{1,2})[ ]{0,2}[.、](?=[\u4e00-\u9fff“《])")


def _paren_marks(paras: list[Para]) -> list[_Mark]:
    """Numbered steps "(1)…;(2)…" or "1.…;2.…" inside paragraphs: two at least, in
    sequence."""
    for pattern in (_PAREN_MARK, _DIGIT_MARK):
        marks = _run_marks(paras, pattern, False)
        if len(marks) >= 2:
            return marks
    return []


def _join_open(paras: list[Para]) -> list[Para]:
    """Paragraphs with a line that goes on with a sentence the line above left open (a
    hard line break that survived) joined back, unless the line opens with a marker."""
    groups: list[list[Para]] = []
    for para in paras:
        if (
            groups
            and not ends_sentence(groups[-1][-1].norm)
            and not _SUB_ITEM.match(para.norm)
            and not _SHI_MARK.match(para.norm.lstrip())
            and not _CIRCLED_MARK.match(para.norm.lstrip())
        ):
            groups[-1].append(para)
        else:
            groups.append([para])
    return [
        group[0]
        if len(group) == 1
        else Para("".join(p.raw for p in group), "".join(p.norm for p in group), group[0].no)
        for group in groups
    ]


# A sub-heading that opens a run of 一是/二是… inside one problem: the last sentence
# before the run's first marker, naming what the run is about. Numbered, it is a name of
# any shape ("（2）针对…，…方面。"); unnumbered, only a name without a clause in it
# ("关于…。", "对于…："), since "针对…问题，某单位已…" is an introduction, not a heading.
_GROUP_HEADING = re.compile(
    r"(?:^|(?<=[。；;！!？?\n]))[ \t\u3000]*"
    r"(?P<h>(?:[(（][ \u3000]{0,2}\d{1,2}[ \u3000]{0,2}[)）]|[\u2474-\u2487])[ \u3000]{0,2}"
    r"(?:关于|对于|针对)[^。；;！!？?\n]{1,80}?"
    r"|(?:关于|对于)[^。；;！!？?\n,，]{1,60}?)[。：:]?[ \t\u3000]*$"
)


def _split_group(text: str) -> tuple[str, str | None]:
    """``text`` without the sub-heading it ends with, and that heading (or None)."""
    found = _GROUP_HEADING.search(text, max(0, len(text) - 100))
    if found is None:
        return text, None
    return _trim(text[: found.start()]), found.group("h").strip()


def _unit_measures(
    paras: list[Para], *, as_one: bool = False, label: str | None = None, intro: bool = True
) -> list[Measure]:
    """Measures of one problem (or one sub-part of it).

    Top-level 一是/二是 markers win, else ①②; text before the first marker is an
    introduction. A paragraph after the first marker that starts without one is a
    measure of its own. Without markers a single paragraph is one measure; of several,
    the first is the introduction and each other one a measure. A run of markers that
    starts at 一是 after a sub-heading ("关于…。一是…二是…") is a group under that
    heading (``Measure.group``; ``label`` numbers the sub-part the heading belongs to).
    """
    paras = _join_open([p for p in paras if p.norm.strip(_EDGE)])
    if not paras:
        return []
    marks = (
        _run_marks(paras, _SHI_MARK, True)
        or _run_marks(paras, _CIRCLED_MARK, False)
        or _paren_marks(paras)
    )
    if not marks:
        if as_one or len(paras) == 1:
            return [Measure(label, "\n".join(_trim(p.raw) for p in paras))]
        # Numbered sub-steps ("(1)…", "1.…") are measures from the first one on.
        skip = 1 if intro and not _SUB_ITEM.match(paras[0].norm) else 0
        return [Measure(None, _trim(p.raw)) for p in paras[skip:]]
    by_para: dict[int, list[_Mark]] = {}
    for mark in marks:
        by_para.setdefault(mark.para, []).append(mark)
    measures: list[Measure] = []
    first = marks[0].para
    group: str | None = None
    for pi in range(first, len(paras)):
        para = paras[pi]
        in_para = by_para.get(pi, [])
        if pi > first:
            lead = _trim(para.raw[: in_para[0].start if in_para else len(para.raw)])
            if _SUB_ITEM.match(para.norm) and measures:
                # ①… or (1)… on a line of its own continues the measure above it.
                measures[-1].text += "\n" + lead
            elif len(lead) >= 4:
                measures.append(Measure(None, lead, group=group))
        for k, mark in enumerate(in_para):
            if mark.number == 1:
                group = _run_group(paras, mark, measures, group, label)
            end = in_para[k + 1].start if k + 1 < len(in_para) else len(para.raw)
            measures.append(Measure(mark.label, _trim(para.raw[mark.end : end]), group=group))
    return measures


def paragraph_measures(text: str) -> list[Measure]:
    """The measures of one paragraph (a table cell): its 一是/① markers, or one."""
    norm = fold(text)
    return _unit_measures([Para(text, norm, 0)], as_one=True)


def _run_group(
    paras: list[Para], mark: _Mark, measures: list[Measure], group: str | None, label: str | None
) -> str | None:
    """The group of a run of markers starting at ``mark``: the sub-heading that ends the
    text before it (taken out of the measure above, or out of the introduction, which
    ``label`` numbers), else the group already open."""
    if not measures:
        before = "\n".join(
            [*(p.raw for p in paras[: mark.para]), paras[mark.para].raw[: mark.start]]
        )
        return _split_group((label or "") + _trim(before))[1] or group
    text, heading = _split_group(measures[-1].text)
    if heading is None:
        return group
    if text:
        measures[-1].text = text
    elif measures[-1].label is None:
        measures.pop()  # the heading was a paragraph of its own
    else:
        return group
    return heading


def _subparts(paras: list[Para]) -> list[tuple[int, int, int, str | None]] | None:
    """Sub-problems inside one problem, numbered and named: "(1)关于…(2)关于…"."""
    numbered: list[tuple[int, int, int, str | None]] = []
    expect = 1
    for pi, para in enumerate(paras):
        if "于" not in para.norm and "针对" not in para.norm:
            continue
        for match in _SUB_NUMBERED.finditer(para.norm):
            circled = match.group("c")
            number = ord(circled) - 0x2473 if circled else int(match.group("n"))
            if number == expect:
                text = para.raw[match.start() : match.end()].strip()
                numbered.append((pi, match.start(), match.end(), text))
                expect += 1
    return numbered if len(numbered) >= 2 else None


def _slice(paras: list[Para], start: tuple[int, int], end: tuple[int, int]) -> list[Para]:
    out = []
    for pi in range(start[0], min(end[0], len(paras) - 1) + 1):
        para = paras[pi]
        a = start[1] if pi == start[0] else 0
        b = end[1] if pi == end[0] else len(para.raw)
        if a < b:
            out.append(Para(para.raw[a:b], para.norm[a:b], para.no))
    return out


def _flatten(node: Node) -> list[Para]:
    paras = [Para(node.line.raw, node.line.norm, node.line.no)]
    paras += [Para(line.raw, line.norm, line.no) for line in node.body]
    for child in node.children:
        paras += _flatten(child)
    return paras


_FIELD_KINDS = {
    **dict.fromkeys(MEASURE_FIELDS, "measures"),
    **dict.fromkeys(UNIT_FIELDS, "lead_unit"),
    **dict.fromkeys(LEADER_FIELDS, "leader"),
    **dict.fromkeys(DEADLINE_FIELDS, "deadline"),
    **dict.fromkeys(PROGRESS_FIELDS, "progress"),
    **dict.fromkeys(OUTCOME_FIELDS, "outcome"),
}
_FIELD_NAMES = "|".join(sorted(_FIELD_KINDS, key=len, reverse=True))
# A field name at the start of a paragraph or after a full stop: "整改措施：", "【责任单位】".
# A field may be numbered, one per item: "整改措施1：", "措施二：".
_FIELD_NO = r"(?P<no>[1-9]\d?|[一二三四五六七八九十]{1,2})?"
_FIELD = re.compile(
    rf"(?:^|(?<=[。; ]))[ ]{{0,2}}(?:【[ ]{{0,2}}(?P<a>{_FIELD_NAMES})[ ]{{0,2}}】[ ]{{0,2}}:?"
    rf"|(?P<b>{_FIELD_NAMES})[ ]{{0,2}}{_FIELD_NO}[ ]{{0,2}}:)[ ]{{0,3}}"
)


_DESCRIBING = re.compile(rf"[ ]{{0,2}}(?:{'|'.join(DESCRIPTION_OPENERS)})")


@dataclass
class Ledger:
    """The fields of a ledger block: what was done, by whom, by when, how far."""

    measures: list[Para]
    bare: bool  # "整改措施：" stands alone, the items follow on lines of their own
    fields: dict[str, str]


def read_ledger(paras: list[Para]) -> Ledger | None:
    """Split the paragraphs of a problem at ledger field names, or None if it has none."""
    pieces: list[tuple[str | None, Para]] = []
    numbered = False
    for para in paras:
        if ":" not in para.norm and "【" not in para.norm:
            pieces.append((None, para))
            continue
        # A field name inside brackets annotates the sentence around it ("…（责任单位：
        # 县财政局；完成时限：…）"): the measure's own, not a field of the ledger.
        found = [m for m in _FIELD.finditer(para.norm) if _depth(para.norm[: m.start()]) <= 0]
        if not found:
            pieces.append((None, para))
            continue
        if found[0].start() > 0:
            pieces.append(
                (None, Para(para.raw[: found[0].start()], para.norm[: found[0].start()], para.no))
            )
        for k, match in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(para.norm)
            field_kind = _FIELD_KINDS[match.group("a") or match.group("b")]
            numbered = numbered or (field_kind == "measures" and bool(match.group("no")))
            pieces.append(
                (
                    field_kind,
                    Para(para.raw[match.end() : end], para.norm[match.end() : end], para.no),
                )
            )
    if all(kind is None for kind, _ in pieces):
        return None
    grouped: dict[str | None, list[Para]] = {}
    current: str | None = None
    firsts: dict[str, Para] = {}
    for kind, para in pieces:
        if kind is not None:
            current = kind
            firsts.setdefault(kind, para)
        grouped.setdefault(current, []).append(para)
    # Text that restates the problem ("巡察指出，…") says nothing of what was done.
    before = [
        p for p in grouped.get(None, []) if p.norm.strip(_EDGE) and not _DESCRIBING.match(p.norm)
    ]
    if "measures" not in grouped and not before and "progress" in grouped:
        # No field says what was done and no text precedes the fields: the account of
        # progress ("整改情况：一是…") is what was done.
        grouped["measures"] = grouped.pop("progress")
        firsts["measures"] = firsts["progress"]
    measures = grouped.get("measures") or before
    # A bare "整改措施：" over its items, or numbered fields one per measure: no
    # introduction precedes the measures.
    bare = numbered or ("measures" in firsts and not firsts["measures"].norm.strip(_EDGE))
    # What the work achieved is reported with the progress.
    grouped.setdefault("progress", []).extend(grouped.pop("outcome", []))
    fields = {
        kind: "\n".join(_trim(p.raw) for p in paras if p.norm.strip(_EDGE)).rstrip("。")
        for kind, paras in grouped.items()
        if kind not in (None, "measures")
    }
    fields = {k: v for k, v in fields.items() if v}
    leader = fields.pop("leader", None)
    if leader and "lead_unit" not in fields:
        fields["lead_unit"] = leader
    return Ledger(measures, bare, fields)


def extract_measures(node: Node, ledger: Ledger | None = None) -> list[Measure]:
    """The measures of a problem heading, with their figures."""
    own = [Para(node.rest, node.rest_norm, node.line.no)] if node.rest_norm else []
    own += [Para(line.raw, line.norm, line.no) for line in node.body]
    everything = own + [p for child in node.children for p in _flatten(child)]
    parts = None if ledger else _subparts(everything)
    measures: list[Measure]
    if ledger is not None:
        measures = _unit_measures(ledger.measures, intro=not ledger.bare)
    elif parts:
        measures = []
        intro = _slice(everything, (0, 0), (parts[0][0], parts[0][1]))
        if _run_marks(intro, _SHI_MARK, True):
            measures += _unit_measures(intro)
        for k, (pi, _, text_start, label) in enumerate(parts):
            end = (
                (parts[k + 1][0], parts[k + 1][1])
                if k + 1 < len(parts)
                else (len(everything) - 1, len(everything[-1].raw))
            )
            measures += _unit_measures(
                _slice(everything, (pi, text_start), end), as_one=True, label=label
            )
    elif node.children:
        measures = []
        for child in node.children:
            paras = _flatten(child)
            text = "\n".join(
                [child.line.raw[child.label.end :].strip()] + [p.raw for p in paras[1:]]
            )
            measures.append(Measure(child.label_text, text.strip()))
    else:
        measures = _unit_measures(own)
    for measure in measures:
        measure.figures = extract_figures(measure.text)
        _annotate(measure)
    return measures


_BRACKETED = re.compile(r"\(([^()]{2,120})\)")
_ANNOTATION = re.compile(
    rf"(?:^|(?<=[;,]))[ ]{{0,2}}(?P<name>{_FIELD_NAMES})[ ]{{0,2}}:(?P<value>[^;,]+)"
)


def _annotate(measure: Measure) -> None:
    """A measure's own lead unit and deadline, printed in brackets after it:
    "…（责任单位：县财政局；完成时限：2026年6月底前）"."""
    norm = fold(measure.text)
    if ":" not in norm:
        return
    for bracket in _BRACKETED.finditer(norm):
        for found in _ANNOTATION.finditer(bracket.group(1)):
            kind = _FIELD_KINDS[found.group("name")]
            start, end = (
                bracket.start(1) + found.start("value"),
                bracket.start(1) + found.end("value"),
            )
            value = measure.text[start:end].strip()
            if kind == "lead_unit" and measure.lead_unit is None:
                measure.lead_unit = value
            elif kind == "deadline" and measure.deadline is None:
                measure.deadline = value


# --- putting it together --------------------------------------------------------------


def _emit(
    nodes: list[Node],
    path: list[str],
    block: Block,
    out: Structure,
    siblings: list[Aspect],
    warnings: list[ParseWarning],
) -> None:
    for node in nodes:
        if node.kind == ASPECT:
            aspect = Aspect(node.label_text, node.title, block.number, node.line.no)
            siblings.append(aspect)
            _emit(node.children, [*path, node.title], block, out, aspect.children, warnings)
            continue
        own = [Para(node.rest, node.rest_norm, node.line.no)] if node.rest_norm else []
        own += [Para(line.raw, line.norm, line.no) for line in node.body]
        ledger = read_ledger(own + [p for child in node.children for p in _flatten(child)])
        measures = extract_measures(node, ledger)
        fields = ledger.fields if ledger else {}
        if not measures:
            warnings.append(ParseWarning(node.line.no, f"“{node.title}”下面没有找到整改措施"))
        # A code or a bullet is not the problem's own number.
        label_text = (
            None if node.style == CODE or node.style.startswith(BULLET) else node.label_text
        )
        out.problems.append(
            Problem(
                label=label_text,
                code=node.label.code,
                title=node.title,
                aspects=list(path),
                section=block.number,
                long_term=block.kind == "long_term",
                measures=measures,
                line=node.line.no,
                lead_unit=fields.get("lead_unit"),
                deadline=fields.get("deadline"),
                progress=fields.get("progress"),
            )
        )


# A section whose title is itself a fed-back problem: "一、关于…的问题".
_PROBLEM_SECTION_TITLE = re.compile(r"^(?:关于|针对).{2,80}问题$")


def _problem_named(node: Node) -> bool:
    """Is there, at or below ``node``, a problem whose heading names a fed-back problem?"""
    if node.kind == PROBLEM:
        return _names_problem(node)
    return any(_problem_named(child) for child in node.children)


def _section_is_problem(block: Block, roots: list[Node]) -> bool:
    """Is the section heading itself the problem, its items (or its text) being what was
    done? So when its title names a problem ("一、关于…的问题" over "（一）" actions) and
    is no group ("关于…方面存在的问题"), or when a section without items opens its text
    with the problem it answers ("针对…的问题，…"). Not when an item names a problem,
    groups some, or heads text or items of its own."""
    if block.line is None:
        return False
    title = fold(block.title).strip()
    if not roots:
        return bool(_PROBLEM_SECTION_TITLE.search(title) or _answers_problem(block.lines))
    if not _PROBLEM_SECTION_TITLE.search(title) or _HOLDS_PROBLEMS.search(title):
        return False
    return not any(
        node.kind == ASPECT
        or _names_problem(node)
        or node.children
        or _titles_text(node)
        or _FIELD.match(node.rest_norm)  # "（一）…不到位。整改情况：…"
        for node in roots
    )


# "关于…方面存在的问题" groups problems; "关于巡察反馈的问题" holds them.
_HOLDS_PROBLEMS = re.compile(rf"{ASPECT_TITLE.pattern}|巡察|巡视|反馈")


def _answers_problem(lines: list[Line]) -> bool:
    """Does the first paragraph open with the problem it answers ("针对…问题，…")?"""
    first = next((line.norm.strip() for line in lines if line.norm.strip()), "")
    return bool(_ANSWERS.match(first))


_ANSWERS = re.compile(r"针对[^。;]{2,60}?问题[,:]")


def _section_node(block: Block, line: Line, label: Label, roots: list[Node]) -> Node:
    """The section heading as a problem node over ``roots`` (its measures)."""
    first = roots[0].line.no if roots else None
    body = [ln for ln in block.lines if first is None or ln.no < first]
    title_norm = fold(block.title)
    label_text = line.raw[label.label_start : label.label_end].strip() or None
    node = Node(label, SECTION, line, label_text, block.title, title_norm, "", "", body, roots)
    node.kind = PROBLEM
    return node


def parse_structure(lines: list[Line], warnings: list[ParseWarning]) -> Structure:
    """Sections, aspects and problems of the body lines of a notice."""
    out = Structure()
    blocks = split_sections(lines)
    searched = [line for b in blocks if b.kind != "other" for line in b.lines]
    phrases = phrase_headings(searched)
    bold = bold_headings(searched)
    for block in blocks:
        if block.line is not None and block.number is not None:
            out.sections.append(Section(block.number, block.title, block.line.no, block.kind))
        if block.kind == "other":
            if block.line is None or OTHER_SECTION.search(block.title):
                continue
            # A section titled as a slogan ("巩固整改成果，建立长效机制") that goes on
            # with headings naming problems holds problems too.
            roots = build_tree(block.lines, phrases=phrases, bold=bold)
            classify(roots)
            if not any(_problem_named(node) for node in roots) and not (
                not roots and _answers_problem(block.lines)
            ):
                continue
        roots = build_tree(block.lines, phrases=phrases, bold=bold)
        if not roots:
            # No heading at all: ①②… or 一是… opening the lines number the problems.
            roots = build_tree(block.lines, phrases=phrases, bold=bold, every_marker=True)
        classify(roots)
        label = block.line.label() if block.line is not None else None
        if block.line is not None and label is not None and _section_is_problem(block, roots):
            roots = [_section_node(block, block.line, label, roots)]
        before = len(out.problems)
        _emit(roots, [], block, out, out.aspects, warnings)
        if len(out.problems) == before and block.line is not None:
            warnings.append(
                ParseWarning(
                    block.line.no, f"“{block.title}”部分没有识别出编号的问题，请核对原文的编号格式"
                )
            )
    return out
