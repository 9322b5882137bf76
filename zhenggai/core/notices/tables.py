"""Problems printed as a table in a Word notice (序号 | 问题 | 整改措施 | 责任单位 | …).

A table is a problem table when its header names ledger fields — the same header
names and synonyms as the Excel ledger import (:data:`zhenggai.core.ledger_import.FIELDS`),
in any order. Each row gives a problem (or continues the one above when its problem
cell is empty, as a vertically merged cell reads) with its measures, lead unit,
deadline and progress as printed. A row that is one cell across the table is a
heading: the aspect of the rows below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhenggai.core.figures import extract_figures
from zhenggai.core.ledger_import import find_header
from zhenggai.core.notices.model import Aspect, Measure, Notice, Problem
from zhenggai.core.notices.structure import paragraph_measures
from zhenggai.core.notices.text import width
from zhenggai.core.text import fold

TableRow = list[tuple[str, int]]  # (cell text, grid columns it spans)

_HEADER_ROWS = 5
# Columns whose cell may be merged down over all the rows of one problem.
_MERGED_DOWN = ("lead_unit", "deadline", "progress", "done")
# Markers that open a measure inside a cell: 一是 ① 1. 1、 (1) （一）.
_CN = "一二三四五六七八九十"
_MEASURE_MARK = re.compile(
    rf"^\s*(?:[{_CN}]+是|[①-⑳]|\d{{1,3}}[.．、]|[(（]\d{{1,3}}[)）]|[(（][{_CN}]+[)）])"
)
_HEADING_LABEL = re.compile(rf"^\s*(?:[{_CN}]+[、.．]|[(（][{_CN}]+[)）])\s*")
_PROBLEM_LABEL = re.compile(r"^\s*(?:\d{1,4}[.．、]|[(（]\d{1,4}[)）])\s*")
_CODE = re.compile(r"^\s*(问题\s*\d{1,4})\s*[:：]\s*")
_LONG_TERM = re.compile(r"长期")


def _grid(row: TableRow) -> list[str]:
    cells: list[str] = []
    for text, span in row:
        cells.append(text)
        cells.extend([""] * (max(span, 1) - 1))
    return cells


def _title(text: str) -> str:
    return " ".join(text.split()).rstrip("。")


def _split_measures(text: str) -> list[tuple[str | None, str]]:
    """A measure cell → (label, text) per measure: one per marked paragraph; a cell of
    one paragraph counts its markers (一是…二是…, ①…②…) as the text of a problem does."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if len(paragraphs) < 2 or not any(_MEASURE_MARK.match(p) for p in paragraphs[1:]):
        if not paragraphs:
            return []
        joined = " ".join(paragraphs)
        return [(m.label, m.text) for m in paragraph_measures(joined)]
    measures: list[tuple[str | None, str]] = []
    for paragraph in paragraphs:
        mark = _MEASURE_MARK.match(paragraph)
        if mark or not measures:
            label = mark.group(0).strip() if mark else None
            body = paragraph[mark.end() :].strip() if mark else paragraph
            measures.append((label, body))
        else:
            label, body = measures[-1]
            measures[-1] = (label, body + paragraph)
    return measures


@dataclass
class WordTable:
    """A problem table of a Word notice, read into problems; ``line`` is where it sits
    in the notice's text (the line before which it was printed)."""

    line: int
    problems: list[Problem] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)

    @classmethod
    def read(cls, rows: list[TableRow], *, line: int) -> WordTable | None:
        """The problems of a table, or None when its header does not name a problem
        column and at least one of measures, lead unit or deadline."""
        grids = [_grid(row) for row in rows]
        header = find_header(grids[:_HEADER_ROWS])
        if header is None:
            return None
        at, mapping = header
        if "problem" not in mapping or not {"measure", "lead_unit", "deadline"} & set(mapping):
            return None
        table = cls(line=line)
        width = len(grids[at])
        aspect: str | None = None
        current: Problem | None = None
        current_text = ""
        above: dict[str, str] = {}
        for row, cells in zip(rows[at + 1 :], grids[at + 1 :], strict=True):
            filled = [(text, span) for text, span in row if text.strip()]
            if not filled:
                continue
            if len(filled) == 1 and (len(row) == 1 or 2 * filled[0][1] >= width):
                # One cell across the table: a heading for the rows below.
                aspect = table._aspect(filled[0][0], line)
                current = None
                continue
            values = {
                key: cells[index].strip() if index < len(cells) else ""
                for key, index in mapping.items()
            }
            if values.get("aspect"):
                aspect = table._aspect(values["aspect"], line)
            problem_text = values.get("problem", "")
            if problem_text and (current is None or fold(problem_text) != fold(current_text)):
                current = _problem(values, aspect, line)
                current_text = problem_text
                table.problems.append(current)
                above = values
            if current is None:
                continue
            # A cell merged down over the rows of one problem reads empty below its
            # first row: its value is the one above.
            for key in _MERGED_DOWN:
                values[key] = values.get(key) or above.get(key, "")
            above = values
            for label, text in _split_measures(values.get("measure", "")):
                current.measures.append(
                    Measure(
                        label,
                        text,
                        extract_figures(text),
                        lead_unit=values.get("lead_unit") or None,
                        deadline=values.get("deadline") or None,
                        progress=values.get("progress") or values.get("done") or None,
                    )
                )
        return table

    def _aspect(self, text: str, line: int) -> str:
        """Record a heading (once) and return its title without its label."""
        heading = _title(text)
        label = _HEADING_LABEL.match(heading)
        title = heading[label.end() :] if label else heading
        if all(fold(a.title) != fold(title) for a in self.aspects):
            mark = label.group(0).strip() if label else None
            self.aspects.append(Aspect(mark, title, None, line))
        return title


def _problem(values: dict[str, str], aspect: str | None, line: int) -> Problem:
    """A problem from its row: the label from 序号 or the text, an inspectors' code
    (问题N) from its column or the start of the text."""
    first, _, rest = values["problem"].partition("\n")
    code = values.get("code", "")
    found = _CODE.match(first)
    if found:
        code = code or found.group(1)
        first = first[found.end() :]
    label_match = _PROBLEM_LABEL.match(first)
    label = values.get("seq") or (label_match.group(0).strip() if label_match else None)
    if label_match:
        first = first[label_match.end() :]
    return Problem(
        label=label or None,
        code=code or None,
        title=_title(first + rest),
        aspects=[aspect] if aspect else [],
        section=None,
        long_term=bool(aspect and _LONG_TERM.search(aspect)),
        measures=[],
        line=line,
    )


_WRAPPING = re.compile(r"^(?:关于|针对)|(?:的|等)?问题$|[“”‘’\"'《》\s。]")


def _core(title: str) -> str:
    """A problem's title without the words around its name ("关于“…”的问题")."""
    return _WRAPPING.sub("", fold(title).strip().rstrip("。"))


def _same_problem(a: str, b: str) -> bool:
    """The same problem named twice: in the text, and in a ledger table that repeats it
    (an attached 整改台账), where the name may be shortened."""
    return a == b or (min(len(a), len(b)) >= 6 and (a in b or b in a))


def add_table_problems(notice: Notice, tables: list[WordTable]) -> None:
    """Add the problems of a notice's tables to those read from its text; a problem the
    text already gave (same title) is not added twice. A table's problems belong to the
    section the table is printed in."""
    known = {_core(p.title) for p in notice.problems}
    added = 0
    for table in tables:
        section = next((s for s in reversed(notice.sections) if s.line < table.line), None)
        if section is not None:
            for problem in table.problems:
                problem.section = problem.section or section.number
                problem.long_term = problem.long_term or section.kind == "long_term"
        titles = {fold(a.title) for a in notice.aspects}
        notice.aspects.extend(a for a in table.aspects if fold(a.title) not in titles)
        for problem in table.problems:
            core = _core(problem.title)
            if not any(_same_problem(core, other) for other in known):
                known.add(core)
                notice.problems.append(problem)
                added += 1
    if added:
        notice.warnings = [w for w in notice.warnings if "没有识别出" not in w.message]


# --- tables pasted as text ---------------------------------------------------------------

# Cells of a row pasted as text: separated by tabs, or aligned with two spaces or more.
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")


def _cells(line: str, tabbed: bool) -> list[tuple[int, int, str]]:
    """(position by characters, position by display width, text) of each cell of a row;
    in a row separated by tabs both positions are the cell's index."""
    if tabbed:
        return [(k, k, text.strip()) for k, text in enumerate(line.split("\t")) if text.strip()]
    cells = []
    for match in _SPACED_CELL.finditer(line):
        cells.append((match.start(), width(line[: match.start()]), match.group()))
    return cells


def _nearest(starts: list[int], position: int) -> int:
    return min(range(len(starts)), key=lambda k: abs(starts[k] - position))


def _place_cells(cells: list[tuple[int, int, str]], columns: list[tuple[int, int]]) -> list[str]:
    """The cells of a row under the header's columns: in order when the row has them all,
    else each under the column that starts nearest to it (by characters or by display
    width, whichever fits the row better; a pasted table may be aligned by either)."""
    grid = [""] * len(columns)
    if len(cells) >= len(columns):
        for k, (_, _, text) in enumerate(cells[: len(columns)]):
            grid[k] = text
        return grid
    best: list[int] = []
    best_error = 0.0
    for axis in (0, 1):
        starts = [column[axis] for column in columns]
        positions = [cell[1] if axis else cell[0] for cell in cells]
        chosen = [_nearest(starts, position) for position in positions]
        # Relative to the header's width on that axis, so that the two compare.
        error = sum(
            abs(starts[k] - position) for k, position in zip(chosen, positions, strict=True)
        ) / max(1, starts[-1])
        if not best or error < best_error:
            best, best_error = chosen, error
    for k, (_, _, text) in zip(best, cells, strict=True):
        grid[k] = (grid[k] + " " + text).strip()
    return grid


# A header names its columns in a few words: no colon, no sentence.
_HEADER_CELL = re.compile(r"[^:：;；。,，]{1,12}")


def _header_like(cells: list[tuple[int, int, str]]) -> bool:
    return len(cells) >= 3 and all(_HEADER_CELL.fullmatch(text) for _, _, text in cells)


# A table copied as Markdown ("| 序号 | 问题 | … |"), and the rule under its header.
_PIPE_ROW = re.compile(r"^[ \t]*\|(.*\|.*)\|[ \t]*$")
_PIPE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")


def _pipes_to_tabs(line: str) -> str:
    """A Markdown table row as a row separated by tabs (the rule row is kept as is)."""
    found = _PIPE_ROW.match(line)
    if found is None or _PIPE_RULE.match(line):
        return line
    return "\t".join(cell.strip() or " " for cell in found.group(1).split("|"))


def _unwrap(rows: list[TableRow], mapping: dict[str, int], width: int) -> list[TableRow]:
    """Rows of a table whose cells wrap over several text lines joined back.

    When a row without a number (序号) still carries problem text, below a numbered row,
    the problem's own cell wrapped: the table is a hard-wrapped copy, and every row
    without a number continues the row above it, cell by cell. Otherwise rows are kept
    (a row with only a measure is then another measure of a merged problem cell).
    """
    seq, problem = mapping.get("seq"), mapping.get("problem")
    if seq is None or problem is None:
        return rows

    def full(row: TableRow) -> bool:
        return len(row) == width

    def numbered(row: TableRow) -> bool:
        return full(row) and bool(row[seq][0].strip())

    wrapped = any(
        full(row) and not numbered(row) and row[problem][0].strip() and numbered(rows[k - 1])
        for k, row in enumerate(rows[1:], start=1)
    )
    if not wrapped:
        return rows
    joined: list[TableRow] = [rows[0]]
    for row in rows[1:]:
        above = joined[-1]
        if full(row) and not numbered(row) and len(joined) > 1 and numbered(above):
            joined[-1] = [
                (mine + theirs.strip(), span)
                for (mine, span), (theirs, _) in zip(above, row, strict=True)
            ]
        else:
            joined.append(row)
    return joined


def split_text_tables(text: str) -> tuple[str, list[WordTable]]:
    """Problem tables pasted as text — a header row naming ledger fields (序号 问题
    整改措施 责任单位 时限, separated by tabs or aligned with spaces) and the rows below
    it — read like Word tables; their lines are blanked in the text returned, so that line
    numbers still hold. A row indented under the header's first column continues the
    problem above (a merged cell); a lone line followed by a row is a heading row."""
    if "\t" not in text and "  " not in text and "|" not in text:
        return text, []
    original = text.split("\n")
    lines = [_pipes_to_tabs(line) for line in original]
    blanked: set[int] = set()
    tables: list[WordTable] = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        tabbed = "\t" in line.strip()
        if not tabbed and "  " not in line.strip():
            i += 1
            continue
        header = _cells(line, tabbed)
        found = find_header([[text for _, _, text in header]]) if _header_like(header) else None
        if found is None:
            i += 1
            continue
        columns = [(start, column) for start, column, _ in header]
        rows: list[TableRow] = [[(text, 1) for _, _, text in header]]
        end = i + 1
        while end < len(lines):
            row = lines[end].rstrip("\r")
            if _PIPE_RULE.match(row):
                end += 1  # "|---|---|" under a Markdown table's header
                continue
            cells = _cells(row, tabbed or "\t" in row)
            if not cells:
                break
            indented = cells[0][0] > 0 and cells[0][1] > columns[0][1] + 1
            if len(cells) == 1 and not indented:
                following = _cells(lines[end + 1], tabbed) if end + 1 < len(lines) else []
                if len(following) < 3 or find_header([[text for _, _, text in following]]):
                    break  # text after the table, or the heading of the next table
                rows.append([(cells[0][2], len(columns))])
            elif len(cells) >= 2 or indented:
                rows.append([(text, 1) for text in _place_cells(cells, columns)])
            else:
                break
            end += 1
        table = WordTable.read(_unwrap(rows, found[1], len(columns)), line=i + 1)
        if table is None or not table.problems:
            i = end  # rows that made no table: not read again as headers
            continue
        tables.append(table)
        lines[i:end] = [""] * (end - i)
        blanked.update(range(i, end))
        i = end
    kept = ["" if k in blanked else line for k, line in enumerate(original)]
    return "\n".join(kept), tables
