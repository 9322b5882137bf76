"""A readable Markdown outline of a parsed notice."""

from __future__ import annotations

from zhenggai.core.notices.model import Notice, Problem


def _line(name: str, value: str | None) -> str:
    return f"- **{name}**：{value}" if value else ""


def render_markdown(notice: Notice) -> str:
    """Title, metadata, sections, aspects, problems with their measures, and warnings."""
    out: list[str] = [f"# {notice.title or '(无标题)'}", ""]
    inspection = notice.inspection
    stay = None
    if inspection.start or inspection.end:
        stay = f"{inspection.start or '?'} 至 {inspection.end or '?'}"
    contacts = notice.contacts
    facts = [
        _line("发布单位", notice.issuer),
        _line("发布日期", notice.published.isoformat() if notice.published else None),
        _line("巡视巡察", " ".join(filter(None, [inspection.kind, inspection.group]))),
        _line("进驻时间", stay),
        _line("反馈日期", inspection.feedback.isoformat() if inspection.feedback else None),
        _line("巡察对象", "、".join(inspection.targets)),
        _line(
            "公开期限",
            f"{notice.disclosure.start} 至 {notice.disclosure.end}" if notice.disclosure else None,
        ),
        _line("联系电话", "、".join(contacts.phones)),
        _line("电子邮箱", "、".join(contacts.emails)),
        _line("邮政编码", contacts.postcode),
        _line("通信地址", contacts.address),
    ]
    out += [fact for fact in facts if fact]
    by_section: dict[str | None, list[Problem]] = {}
    for problem in notice.problems:
        by_section.setdefault(problem.section, []).append(problem)
    for section in notice.sections:
        out += ["", f"## {section.number}、{section.title}"]
        out += _problems(by_section.pop(section.number, []))
    for problems in by_section.values():
        out += ["", "## 问题", *_problems(problems)]
    if notice.regulations:
        out += ["", "## 建章立制", ""] + [f"- {title}" for title in notice.regulations]
    if notice.attachments:
        out += ["", "## 附件", ""] + [f"{i}. {t}" for i, t in enumerate(notice.attachments, 1)]
    if notice.warnings:
        out += ["", "## 解析提示", ""]
        for warning in notice.warnings:
            where = f"第{warning.line}行：" if warning.line else ""
            out.append(f"- {where}{warning.message}")
    return "\n".join(out).rstrip() + "\n"


def _problems(problems: list[Problem]) -> list[str]:
    out: list[str] = []
    path: list[str] = []
    for problem in problems:
        for depth, aspect in enumerate(problem.aspects):
            if depth >= len(path) or path[depth] != aspect:
                del path[depth:]
                path.append(aspect)
                out += ["", f"{'#' * min(6, depth + 3)} {aspect}"]
        del path[len(problem.aspects) :]
        heading = " ".join(filter(None, [problem.label, problem.code, problem.title]))
        tags = "(长期整改)" if problem.long_term else ""
        out += ["", f"**{heading}**{tags}", ""]
        group: str | None = None
        for measure in problem.measures:
            if measure.group and measure.group != group:
                out.append(f"- {measure.group}")
            group = measure.group
            label = f"{measure.label} " if measure.label else ""
            out.append(f"{'  ' if group else ''}- {label}{measure.text}")
    return out
