"""How long imported texts may be — the database columns' sizes, stated once.

Imports check these in their preview, so an over-long title is a Chinese error the office
can correct, never a database error at confirmation (PostgreSQL refuses a value longer
than its column; SQLite would store anything). The models take their ``max_length`` from
here.
"""

from __future__ import annotations

INSPECTION_TITLE = 200
GROUP = 100
ASPECT_TITLE = 300
PROBLEM_TITLE = 500
CODE = 20
LABEL = 20
MEASURE_GROUP = 300


def too_long(what: str, text: str, limit: int) -> str | None:
    """The Chinese error for ``text`` longer than ``limit`` characters, or None."""
    if len(text) <= limit:
        return None
    return f"{what}不能超过{limit}字（现为{len(text)}字），请精简后再导入。"
