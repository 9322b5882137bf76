"""What people type, normalised: full-width characters, stray spaces, written dates.

One place for these rules so that forms, the Excel import and the notice import
read 2024年1月2日 and full-width digits the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u3000]+")
_DATE = re.compile(r"^(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?(?:前|之前|以前)?$")


def normalize_text(value: str) -> str:
    """Full-width letters and digits to half-width, runs of spaces to one, trimmed.

    Chinese punctuation (，。：) is kept: NFKC would turn it into ASCII, which
    reads wrong in Chinese prose, so only letters, digits and spaces are mapped.
    """
    mapped = "".join(
        unicodedata.normalize("NFKC", ch) if "！" <= ch <= "～" and ch.isalnum() else ch
        for ch in value
    )
    return _SPACES.sub(" ", mapped).strip()


def fold(text: str | None) -> str:
    """A key for comparing titles and names as people read them: width, spaces and
    a final 。 or ； ignored."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if not ch.isspace()).rstrip("。.;；")


def read_date(value: str) -> dt.date | None:
    """Read 2024-01-02, 2024/1/2, 2024.1.2 or 2024年1月2日(前), full-width digits too."""
    match = _DATE.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
