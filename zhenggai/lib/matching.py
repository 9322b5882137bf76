"""Text lookups that fold case only where case exists.

A Chinese word (or a number) has no case: matching it as typed finds exactly what
matching it regardless of case finds, because upper-casing only ever yields cased
letters. Folding anyway costs twice over on PostgreSQL: ``UPPER(col)`` is computed for
every row (a search over 100,000 measures: 60 ms against 30), and the planner has no
statistics for it, so it expects one row and may re-run a unit's scope for every hit
(3 s instead of 0.1 s on 10,000 measures, benchmarks/search.py).
"""

from __future__ import annotations

from django.db.models import Q


def uncased(q: str) -> bool:
    """True when no character of ``q`` has a case."""
    return q.upper() == q == q.lower()


def holding(field: str, q: str) -> Q:
    """``field`` holds ``q``, regardless of case."""
    return Q(**{f"{field}__{'contains' if uncased(q) else 'icontains'}": q})


def same_as(field: str, q: str) -> Q:
    """``field`` is ``q``, regardless of case."""
    return Q(**{f"{field}__{'exact' if uncased(q) else 'iexact'}": q})
