"""Normalising what people type: full-width characters, spaces, Chinese dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_DATE = re.compile(r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?\s*$")


def normalize_text(value: str) -> str:
    """Full-width letters and digits to half-width, runs of spaces to one, trimmed.

    Chinese punctuation (，。：) is kept: NFKC would turn it into ASCII, which
    reads wrong in Chinese prose, so only letters, digits and spaces are mapped.
    """
    out = []
    for ch in value:
        if "！" <= ch <= "～" and (ch.isalnum()):
            ch = unicodedata.normalize("NFKC", ch)
        elif ch == "\u3000":
            ch = " "
        out.append(ch)
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def parse_date(value: str) -> dt.date | None:
    """Read 2024-01-02, 2024/1/2, 2024.1.2 or 2024年1月2日 (full-width digits too)."""
    match = _DATE.match(normalize_text(value))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
