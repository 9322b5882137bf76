"""Reading published rectification notices (整改进展情况的通报).

Plain Python, no Django. The public API:

- :func:`parse_text` — parse the text of a notice into a :class:`Notice`;
- :func:`parse_bytes` / :func:`parse_file` — read an uploaded ``.txt`` (any common Chinese
  encoding), ``.html``, ``.docx`` or ``.pdf`` first;
- :func:`read_document` — only the reading step, bytes to text;
- :class:`NoticeReadError` — the one error, raised when a file cannot be read as text
  (:class:`SpreadsheetGiven`, a subclass, when it is an Excel ledger);
- :func:`extract_figures` — counts, areas, money and percentages in a piece of text.

``Notice.to_dict()`` gives the JSON contract of ``shared/corpus/NOTICE_JSON.md``; see
``docs/PARSER.md``.
"""

from zhenggai.core.figures import Figure, extract_figures
from zhenggai.core.notices.errors import NoticeReadError, SpreadsheetGiven
from zhenggai.core.notices.model import (
    Aspect,
    Contacts,
    Disclosure,
    Inspection,
    Measure,
    Notice,
    ParseWarning,
    Problem,
    Section,
)
from zhenggai.core.notices.parser import parse_bytes, parse_file, parse_text
from zhenggai.core.notices.reading import read_document

__all__ = [
    "Aspect",
    "Contacts",
    "Disclosure",
    "Figure",
    "Inspection",
    "Measure",
    "Notice",
    "NoticeReadError",
    "ParseWarning",
    "Problem",
    "Section",
    "SpreadsheetGiven",
    "extract_figures",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_document",
]
