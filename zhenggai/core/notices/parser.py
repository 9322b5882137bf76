"""Parse a notice: text → lines → layout → metadata and structure."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from zhenggai.core.expansion import ExpansionLimits
from zhenggai.core.notices.errors import NoticeReadError
from zhenggai.core.notices.labels import fold
from zhenggai.core.notices.metadata import (
    find_layout,
    parse_attachments,
    parse_contacts,
    parse_disclosure,
    parse_inspection,
)
from zhenggai.core.notices.model import Notice, ParseWarning
from zhenggai.core.notices.reading import PDF, load_document
from zhenggai.core.notices.regulations import find_regulations
from zhenggai.core.notices.structure import parse_structure
from zhenggai.core.notices.tables import WordTable, add_table_problems, split_text_tables
from zhenggai.core.notices.text import Line, prepare_lines


def parse_text(text: str) -> Notice:
    """Parse the text of a notice. Never raises on odd input: what cannot be placed is
    reported in ``Notice.warnings``."""
    return _parse(text, from_pdf=False, warnings=[], tables=[])


def parse_bytes(data: bytes, filename: str, limits: ExpansionLimits | None = None) -> Notice:
    """Parse an uploaded file; the extension of ``filename`` and the content decide how
    it is read. Raises :class:`NoticeReadError` when the file cannot be read as text,
    or would unpack beyond ``limits`` (:class:`~zhenggai.core.expansion.ExpansionLimits`,
    the defaults when None)."""
    document = load_document(data, filename, limits)
    return _parse(
        document.text,
        from_pdf=document.kind == PDF,
        warnings=document.warnings,
        tables=document.tables,
    )


def parse_file(path: str | PathLike[str], limits: ExpansionLimits | None = None) -> Notice:
    """Parse the file at ``path`` (see :func:`parse_bytes`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NoticeReadError(
            f"无法打开文件：{error.strerror or error}", f"cannot open the file: {error}"
        ) from error
    return parse_bytes(data, path.name, limits)


def _joined(lines: list[Line]) -> tuple[str, str]:
    return "\n".join(line.norm for line in lines), "\n".join(line.raw for line in lines)


def _parse(
    text: str, *, from_pdf: bool, warnings: list[ParseWarning], tables: list[WordTable]
) -> Notice:
    text, pasted = split_text_tables(text)
    tables = [*tables, *pasted]
    all_lines = prepare_lines(text, from_pdf=from_pdf)
    lines = [line for line in all_lines if not line.debris]
    debris = [line for line in all_lines if line.debris]
    notice = Notice(warnings=list(warnings))
    if not lines:
        notice.warnings.append(ParseWarning(None, "没有找到任何正文文字"))
        return notice

    layout = find_layout(lines, debris)
    notice.title = layout.title
    notice.published = layout.published or layout.header_date
    notice.issuer = layout.issuer
    if notice.issuer is None and notice.title and "关于" in notice.title:
        prefix = notice.title.split("关于", 1)[0].strip()
        if 2 <= len(prefix) <= 40:
            notice.issuer = prefix

    if layout.opening is not None:
        preamble = [lines[layout.opening]]
        preamble += [
            line
            for line in lines[layout.opening + 1 : layout.opening + 3]
            if "反馈" in line.norm and len(line.norm) < 400
        ]
        norm, raw = _joined(preamble)
        notice.inspection = parse_inspection(norm, raw, notice.published)
        if notice.inspection.group is None:
            notice.warnings.append(
                ParseWarning(lines[layout.opening].no, "开头段落中没有找到巡视巡察组的名称")
            )
    else:
        notice.warnings.append(
            ParseWarning(None, "没有找到开头段落(根据…统一部署…巡察)，巡察信息未能识别")
        )

    tail_norm, tail_raw = _joined(layout.closing_lines)
    notice.disclosure = parse_disclosure(tail_norm, notice.published)
    notice.contacts = parse_contacts(tail_norm, tail_raw)
    notice.attachments = parse_attachments(layout.tail)

    body = lines[layout.body_start : layout.body_end]
    structure = parse_structure(body, notice.warnings)
    notice.sections = structure.sections
    notice.aspects = structure.aspects
    notice.problems = structure.problems

    own = " ".join(filter(None, [notice.issuer, notice.title, *notice.inspection.targets]))
    start = layout.opening if layout.opening is not None else layout.body_start
    norm, raw = _joined(lines[start : layout.body_end])
    # The cells of tables are not in the lines: their measures are read too.
    cells = "\n".join(m.text for table in tables for p in table.problems for m in p.measures)
    notice.regulations = find_regulations(norm + "\n" + fold(cells), raw + "\n" + cells, own)

    add_table_problems(notice, tables)
    if notice.published is None:
        notice.warnings.append(ParseWarning(None, "没有找到落款日期"))
    if not notice.problems and not any(w.message.endswith("编号格式") for w in notice.warnings):
        notice.warnings.append(ParseWarning(None, "没有识别出任何问题"))
    return notice
