"""From raw text to clean lines: page markers, hard line breaks and web-page debris."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhenggai.core.notices.dates import standalone_date
from zhenggai.core.notices.labels import (
    AR_PAREN,
    BARE,
    CIRCLED,
    CN_PAREN,
    CODE,
    FANGMIAN,
    PHRASE_HEADING,
    SHI,
    Label,
    find_label,
    fold,
)
from zhenggai.core.notices.lexicon import DEBRIS_ANYWHERE, DEBRIS_START, UI_WORDS


@dataclass(slots=True)
class Line:
    """One paragraph of the document.

    ``raw`` is the printed text without surrounding spaces, ``norm`` the same text folded
    (same length, so indices carry over), ``no`` the 1-based line where it starts.
    """

    no: int
    raw: str
    norm: str
    debris: bool = False
    indented: bool = False
    blank_before: bool = False
    lead: int = 0  # columns of indentation before the text
    bold: bool = False  # set wholly in bold (a Word run, or Markdown **…**)
    _label: Label | None = None
    _labelled: bool = False

    def label(self, *, bare: bool = False) -> Label | None:
        """The numbering label at the start of the line (cached); see :func:`find_label`."""
        if not self._labelled:
            self._label = find_label(self.norm, bare=True)
            self._labelled = True
        if not bare and self._label is not None and self._label.style == BARE:
            return None
        return self._label


def make_line(no: int, text: str, folded: str | None = None, *, blank_before: bool = False) -> Line:
    """Build a :class:`Line`, trimming spaces the same way in printed and folded text."""
    if folded is None:
        folded = fold(text)
    start = len(folded) - len(folded.lstrip())
    end = len(folded.rstrip())
    return Line(
        no,
        text[start:end],
        folded[start:end],
        indented=start >= 2,
        blank_before=blank_before,
        lead=width(text[:start]) if start else 0,
    )


def width(text: str) -> int:
    """Display width: two columns for CJK and other wide characters, one for ASCII."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


_PAGE_MARKER = re.compile(
    r"[-—–―‐‑﹣~]{1,3}[ ]{0,3}\d{1,4}[ ]{0,3}[-—–―‐‑﹣~]{1,3}"
    r"|第[ ]{0,2}\d{1,4}[ ]{0,2}页(?:[ ]{0,2}[,/]?[ ]{0,2}共[ ]{0,2}\d{1,4}[ ]{0,2}页)?"
    r"|共[ ]{0,2}\d{1,4}[ ]{0,2}页[ ]{0,2}第[ ]{0,2}\d{1,4}[ ]{0,2}页"
    r"|(?:Page|page|PAGE)[ ]{0,2}\d{1,4}(?:[ ]{0,2}(?:of|/)[ ]{0,2}\d{1,4})?"
)
# In text that came from a PDF a line holding only a number is a page number too.
_PAGE_NUMBER = re.compile(r"\d{1,4}(?:[ ]{0,2}/[ ]{0,2}\d{1,4})?")

_TERMINAL = "。!?;:…"
_CLOSERS = "”’\"')」』】"
# Markers that start a paragraph even after a full line: a break just before a measure
# marker does no harm, while a merged heading loses a problem. Other labels ("三、",
# "(二)") also occur mid-sentence ("举一反三、") and need more evidence.
_MARKERS = {CODE, SHI, CIRCLED}

_DEBRIS_ANYWHERE = re.compile(DEBRIS_ANYWHERE)
_DEBRIS_START = re.compile(DEBRIS_START)
_UI_WORDS = re.compile(UI_WORDS)
_SENTENCE = re.compile(r"[。,;:]")
_NAV_SPLIT = re.compile(r"[ >»|/]+")


def is_debris(norm: str) -> bool:
    """True for web-page chrome: menus, breadcrumbs, share bars, footers, ICP lines."""
    if len(norm) > 300:  # a paragraph of text, not page furniture
        return False
    if _DEBRIS_START.match(norm) or _DEBRIS_ANYWHERE.search(norm):
        return True
    if len(norm) <= 16 and _UI_WORDS.search(norm) and (" " in norm or len(norm) <= 4):
        return True
    if len(norm) <= 80 and (" " in norm or ">" in norm) and not _SENTENCE.search(norm):
        tokens = [t for t in _NAV_SPLIT.split(norm) if t]
        if (
            len(tokens) >= 3
            and all(len(t) <= 8 for t in tokens)
            and ("首页" in norm or ">" in norm or "»" in norm or len(tokens) >= 5)
        ):
            return True
    return False


def ends_sentence(norm: str) -> bool:
    """Does the folded line end a sentence? An ASCII full stop after a word does too
    (notices typed with ASCII punctuation), a point after a digit does not ("第3.")."""
    text = norm.rstrip(_CLOSERS + " ")
    if text[-1:] == "." and len(text) > 1:
        return not text[-2].isascii()
    return bool(text) and text[-1] in _TERMINAL


def looks_hard_wrapped(lines: list[Line]) -> bool:
    """True when most lines are cut at one width mid-sentence, as text copied from a PDF."""
    if len(lines) < 10:
        return False
    lengths = sorted(len(line.raw) for line in lines)
    if lengths[int(len(lengths) * 0.9)] > 200:
        return False  # long paragraphs on one line each: not wrapped
    widths = sorted(width(line.raw) + line.lead for line in lines)
    full_width = widths[int(len(widths) * 0.9)]
    if full_width > 200:
        return False
    tolerance = max(4, full_width // 12)
    full = [line for line in lines if width(line.raw) + line.lead >= full_width - tolerance]
    # Lines of one width that stop mid-sentence: a paragraph on a line of its own ends
    # its sentence, a wrapped one rarely does. Short lines (ledger fields, headings) may
    # outnumber the full ones, so what counts is how many full lines are open-ended.
    open_ended = sum(1 for line in full if not ends_sentence(line.norm))
    return open_ended >= max(3, 0.1 * len(lines)) and open_ended >= 0.5 * len(full)


def unwrap(lines: list[Line]) -> list[Line]:
    """Join lines that a fixed page width broke in mid-sentence back into paragraphs."""
    if not lines:
        return lines
    widths = sorted(width(line.raw) + line.lead for line in lines)
    full_width = widths[int(len(widths) * 0.9)]
    # Each paragraph is a group of lines with the glue before each; joined once at the
    # end, so that a paragraph of many lines costs no more than its length.
    groups: list[list[tuple[str, Line]]] = [[("", lines[0])]]
    first_label = lines[0].label(bare=True)
    last_width = width(lines[0].raw) + lines[0].lead
    lines_in_paragraph = 1
    for i in range(1, len(lines)):
        line = lines[i]
        prev = lines[i - 1]  # the end of the paragraph so far
        label = line.label(bare=True)
        # The line above the date of the signature is the issuer, never a continuation.
        signs = i + 1 < len(lines) and standalone_date(lines[i + 1].norm) is not None
        heading = first_label if lines_in_paragraph == 1 else None
        if signs or _breaks(last_width, full_width, line, prev, label, heading, first_label):
            groups.append([("", line)])
            first_label = label
            last_width = width(line.raw) + line.lead
            lines_in_paragraph = 1
            continue
        lines_in_paragraph += 1
        # Chinese text wraps without a space; only English words need one back.
        groups[-1].append((" " if _english_words(prev.raw, line.raw) else "", line))
        last_width = width(line.raw) + line.lead
    out = []
    for group in groups:
        head = group[0][1]
        if len(group) > 1:
            head.raw = "".join(glue + line.raw for glue, line in group)
            head.norm = "".join(glue + line.norm for glue, line in group)
        out.append(head)
    return out


def _english_words(before: str, after: str) -> bool:
    return (
        before[-1:].isascii()
        and before[-1:].isalpha()
        and after[:1].isascii()
        and after[:1].isalpha()
        and len(before.encode()) < 1.2 * len(before)
    )


def _breaks(
    prev_width: int,
    full_width: int,
    line: Line,
    prev: Line,
    label: Label | None,
    heading: Label | None,
    paragraph_label: Label | None,
) -> bool:
    """Does ``line`` start a new paragraph after ``prev`` (a line ``prev_width`` wide)?"""
    if line.blank_before or line.indented:
        return True
    if prev.norm[-1:] in "(《“‘[【":
        return False  # a bracket left open: "(" at the end, "3)" on the next line
    at_end = ends_sentence(prev.norm)
    # A line short of the page width ends its paragraph; one that ends a sentence only
    # needs to be a little short, since a full line that ends with 。 is usually mid-text.
    if prev_width < full_width - max(3, full_width // 16) or (
        at_end and prev_width < full_width - 2
    ):
        return True
    if label is None:
        # A heading in lenticular brackets ("【…方面】"), or one that only names a
        # problem ("…的问题。"), after a finished sentence.
        return at_end and (
            (line.norm.startswith("【") and "】" in line.norm[:42])
            or bool(PHRASE_HEADING.fullmatch(line.norm))
        )
    if label.style in _MARKERS or (label.style == BARE and label.code):
        return True
    if at_end:
        return True
    if (
        paragraph_label is not None
        and label.style == paragraph_label.style
        and label.number == paragraph_label.number + 1
    ):
        return True
    # A numbered heading that filled its line, then a numbered item below it.
    return (
        heading is not None
        and label.style != heading.style
        and (label.number == 1 or label.style in (AR_PAREN, CN_PAREN, FANGMIAN))
    )


# Markdown markup around a whole line: "## 一、…", "**1. …**" (headings and bold).
_MARKDOWN = re.compile(
    r"^(?P<indent>[ \t\u3000]*)(?:[#＃]{1,6}[ \t\u3000]+(?P<h>.+?)"
    r"|(?:[*＊]{2}|__)(?P<b>[^*＊_\n]+?)(?:[*＊]{2}|__))[ \t\u3000]*",
)

_MARKUP = re.compile(r"[#＃]|[*＊]{2}|__")


def _unmark(text: str) -> tuple[str, set[int]]:
    """``text`` without Markdown markup around whole lines, and the indices of the lines
    that were set wholly in bold (``**…**``, as the Word reader also writes them)."""
    if not _MARKUP.search(text):
        return text, set()
    bold: set[int] = set()
    lines = text.splitlines()
    for k, line in enumerate(lines):
        match = _MARKDOWN.fullmatch(line)
        if match:
            lines[k] = match.group("indent") + (match.group("h") or match.group("b"))
            if match.group("b"):
                bold.add(k)
    return "\n".join(lines), bold


def prepare_lines(text: str, *, from_pdf: bool = False) -> list[Line]:
    """Split ``text`` into paragraphs, dropping page markers and marking web debris.

    Hard line breaks are joined when the text came from a PDF or looks hard-wrapped.
    Blank lines are dropped but remembered on the next line (``blank_before``).
    """
    lines: list[Line] = []
    blank = after_marker = False
    text, bold = _unmark(text)
    folded_lines = fold(text).splitlines()
    running = _running_heads(folded_lines, from_pdf=from_pdf)
    for no, (text_line, folded_line) in enumerate(
        zip(text.splitlines(), folded_lines, strict=True), start=1
    ):
        line = make_line(no, text_line, folded_line, blank_before=blank)
        if not line.norm:
            # Blank lines around a page marker are page layout, not a paragraph break.
            blank = not after_marker
            continue
        if _is_page_marker(line.norm, from_pdf=from_pdf) or no - 1 in running:
            after_marker = True
            blank = False
            continue
        blank = after_marker = False
        line.bold = no - 1 in bold
        lines.append(line)
    if from_pdf or looks_hard_wrapped(lines):
        lines = unwrap(lines)
    lines = [piece for line in lines for piece in _split_run_on(line)]
    for line in lines:
        line.debris = is_debris(line.norm)
    return lines


def _is_page_marker(norm: str, *, from_pdf: bool) -> bool:
    return bool(_PAGE_MARKER.fullmatch(norm) or (from_pdf and _PAGE_NUMBER.fullmatch(norm)))


def _running_heads(folded_lines: list[str], *, from_pdf: bool) -> set[int]:
    """Indices of running headers and footers: a short line printed next to a page
    marker (the first line after it or the last before it) at two page breaks or more,
    the same each time, as a PDF repeats the document's short title on every page."""
    beside: dict[str, list[int]] = {}
    markers = [
        i for i, norm in enumerate(folded_lines) if _is_page_marker(norm.strip(), from_pdf=from_pdf)
    ]
    if len(markers) < 2:
        return set()
    for i in markers:
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(folded_lines) and not folded_lines[j].strip():
                j += step
            if 0 <= j < len(folded_lines):
                norm = folded_lines[j].strip()
                if len(norm) <= 40 and not _is_page_marker(norm, from_pdf=from_pdf):
                    beside.setdefault(norm, []).append(j)
    return {j for found in beside.values() if len(set(found)) >= 2 for j in found}


# Paragraphs that never continue the sentence before them, even when a joined line hid
# the break: the closing invitation, the disclosure window, the attachment list.
_RUN_ON = re.compile(
    r"。[ ]{0,2}(?=欢迎(?:广大|社会各界|各界|各位)|如有意见|如对[^。]{0,12}意见|公开期限"
    r"|公示期限|联系电话|附件[ ]{0,2}\d{0,2}[ ]{0,2}:)"
)
# Page headers of a web page glued to the title by a lost line break.
_HEADER_RUN_ON = re.compile(r"(?:信息)?来源[ ]{0,2}:|发布(?:日期|时间)[ ]{0,2}:")


def _split_run_on(line: Line) -> list[Line]:
    norm = line.norm
    cuts: set[int] = set()
    if "。" in norm:
        cuts = {m.end() for m in _RUN_ON.finditer(norm)}
    if "来源" in norm or "发布" in norm:
        cuts |= {m.start() for m in _HEADER_RUN_ON.finditer(norm) if m.start() > 0}
    if not cuts:
        return [line]
    pieces = []
    start = 0
    for cut in [*sorted(cuts), len(line.norm)]:
        if cut > start:
            first = start == 0
            pieces.append(
                Line(
                    line.no,
                    line.raw[start:cut].strip(),
                    line.norm[start:cut].strip(),
                    indented=line.indented and first,
                    blank_before=line.blank_before and first,
                )
            )
        start = cut
    return [piece for piece in pieces if piece.norm]
