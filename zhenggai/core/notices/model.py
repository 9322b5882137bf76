"""The parsed notice as plain dataclasses; ``Notice.to_dict()`` gives the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhenggai.core.figures import Figure
from zhenggai.core.notices.dates import first_full_date


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class ParseWarning:
    """Something the parser could not place; ``line`` is 1-based in the text, or None."""

    line: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Measure:
    """One rectification measure (一是…, ①…, a numbered sub-step, or a whole paragraph)."""

    label: str | None
    text: str
    figures: list[Figure] = field(default_factory=list)
    # As printed for this measure in a table row (责任单位/整改时限/整改进展), else None.
    lead_unit: str | None = None
    deadline: str | None = None
    progress: str | None = None
    # The sub-heading inside the problem that this measure is listed under, as printed
    # ("（1）关于…", "关于…"), else None: two runs of 一是/二是… under one problem.
    group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "label": self.label,
            "text": self.text,
            "figures": [f.to_dict() for f in self.figures],
            "lead_unit": self.lead_unit,
            "deadline": self.deadline,
        }
        if self.progress:  # only a table row gives a measure its own progress
            data["progress"] = self.progress
        if self.group:
            data["group"] = self.group
        return data


@dataclass
class Problem:
    """A fed-back problem and what was done about it."""

    label: str | None
    code: str | None
    title: str
    aspects: list[str]
    section: str | None
    long_term: bool
    measures: list[Measure]
    line: int
    # Fields of a ledger block (责任单位, 整改时限, 整改进展) as printed, when the notice has them.
    lead_unit: str | None = None
    deadline: str | None = None
    progress: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "code": self.code,
            "title": self.title,
            "aspects": list(self.aspects),
            "section": self.section,
            "long_term": self.long_term,
            "measures": [
                {
                    **m.to_dict(),
                    "lead_unit": m.lead_unit or self.lead_unit,
                    "deadline": m.deadline or self.deadline,
                }
                for m in self.measures
            ],
            "line": self.line,
            "lead_unit": self.lead_unit,
            "deadline": self.deadline,
            "deadline_date": _iso(first_full_date(self.deadline)),
            "progress": self.progress,
        }


@dataclass
class Aspect:
    """A heading that groups problems (方面 → sub-aspect)."""

    label: str | None
    title: str
    section: str | None
    line: int
    children: list[Aspect] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "section": self.section,
            "line": self.line,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Section:
    """A top-level part of the notice (一、二、…)."""

    number: str
    title: str
    line: int
    kind: str  # "problems", "long_term" or "other"

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "line": self.line, "kind": self.kind}


@dataclass
class Inspection:
    """Who inspected whom, and when (进驻 and 反馈)."""

    kind: str | None = None
    group: str | None = None
    start: date | None = None
    end: date | None = None
    feedback: date | None = None
    targets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group": self.group,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "feedback": _iso(self.feedback),
            "targets": list(self.targets),
        }


@dataclass
class Disclosure:
    """The disclosure window (公开期限)."""

    start: date | None
    end: date | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": _iso(self.start), "end": _iso(self.end)}


@dataclass
class Contacts:
    """Channels for public opinions, as printed in the closing paragraph."""

    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    postcode: str | None = None
    address: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "phones": list(self.phones),
            "emails": list(self.emails),
            "postcode": self.postcode,
            "address": self.address,
        }


@dataclass
class Notice:
    """A parsed rectification notice (整改进展情况的通报)."""

    title: str | None = None
    issuer: str | None = None
    published: date | None = None
    inspection: Inspection = field(default_factory=Inspection)
    disclosure: Disclosure | None = None
    contacts: Contacts = field(default_factory=Contacts)
    sections: list[Section] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The notice in the shape of ``NOTICE_JSON.md``, plus a few documented extra keys."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "published": _iso(self.published),
            "inspection": self.inspection.to_dict(),
            "disclosure": self.disclosure.to_dict() if self.disclosure else None,
            "contacts": self.contacts.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "aspects": [a.to_dict() for a in self.aspects],
            "problems": [p.to_dict() for p in self.problems],
            "regulations": list(self.regulations),
            "attachments": list(self.attachments),
            "warnings": [w.to_dict() for w in self.warnings],
        }
