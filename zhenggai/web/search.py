"""Search over problems, measures and opinions, scoped to what the user may see.

The words come from :func:`zhenggai.core.search.parse_query` (jieba); a hit holds every
word in one of its searched fields (AND of words, OR of fields), matched by the
database with ``icontains`` — the same SQL on SQLite and PostgreSQL, and no second copy
of any text to keep in step (docs/ARCHITECTURE.md, "Search"). Each kind starts from the
user's scope in :mod:`zhenggai.access` (opinions: ``publication.access.comments_for``),
so nobody finds what they could not open; an opinion's contact is never searched or shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from zhenggai.access import measures_for, problems_for
from zhenggai.core.search import Query, highlight
from zhenggai.lib.matching import holding
from zhenggai.publication.access import comments_for

SNIPPET = 90  # characters of a long text shown around its first match
#: Hits are counted up to this many. Beyond it the page says "more than" and lists the
#: newest entries first, an order the primary key's index serves without finding and
#: sorting every hit (a word in 143,000 of a province's million measures: 950 → 20 ms).
COUNT_CAP = 1000
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple[str, ...]  # searched, never a contact
    order: tuple[str, ...]
    #: Searched only for a word without Chinese (a number such as 2.1): the measures'
    #: numbering never holds a Chinese word, and searching it too would keep a Chinese
    #: word from being found by the text's index alone.
    numbering: tuple[str, ...] = ()


KINDS = {
    k.key: k
    for k in (
        Kind("problem", "问题", ("title", "detail", "code"), ("-inspection_id", "order", "pk")),
        Kind(
            "measure",
            "整改措施",
            ("text",),
            ("-problem__inspection_id", "problem__order", "order", "pk"),
            numbering=("label",),
        ),
        Kind("opinion", "群众意见", ("text", "reply"), ("-created_at", "-pk")),
    )
}


@dataclass
class Hit:
    url: str
    title: list[tuple[str, bool]]
    snippets: list[list[tuple[str, bool]]] = field(default_factory=list)
    meta: str = ""


def matching(spec: Kind, query: Query) -> Q:
    """Every word in some field: AND over words of OR over fields."""
    return reduce(
        and_, (reduce(or_, (holding(f, term) for f in _fields(spec, term))) for term in query.terms)
    )


def _fields(spec: Kind, term: str) -> tuple[str, ...]:
    return spec.fields if _CHINESE.search(term) else spec.fields + spec.numbering


def results(kind: str, user, query: Query) -> QuerySet:
    """The hits of ``kind`` that ``user`` may open, those holding the whole query as
    typed first, then newest inspection (or opinion) first; :func:`newest_first` when
    there are more than :data:`COUNT_CAP`."""
    spec = KINDS[kind]
    scoped = {
        "problem": lambda: problems_for(user).select_related("inspection"),
        "measure": lambda: measures_for(user).select_related("problem__inspection"),
        "opinion": lambda: comments_for(user).select_related("notice__inspection"),
    }[kind]()
    qs = scoped.filter(matching(spec, query))
    if len(query.terms) > 1:
        phrase = reduce(or_, (holding(f, query.text) for f in spec.fields))
        qs = qs.annotate(
            phrase=Case(When(phrase, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        return qs.order_by("phrase", *spec.order)
    return qs.order_by(*spec.order)


def capped_count(qs: QuerySet) -> int:
    """How many rows ``qs`` holds, counted up to one past :data:`COUNT_CAP`."""
    return qs.order_by().values("pk")[: COUNT_CAP + 1].count()


def newest_first(qs: QuerySet) -> QuerySet:
    """``qs`` in the order for more hits than :data:`COUNT_CAP`: newest entry first."""
    return qs.order_by("-pk")


def hits(kind: str, rows, query: Query) -> list[Hit]:
    """What the page shows of each row: its name and the text around its matches, the
    matched words marked (the template escapes every part)."""
    terms = query.terms
    out = []
    for row in rows:
        if kind == "problem":
            hit = Hit(row.get_absolute_url(), highlight(str(row), terms), meta=row.inspection.title)
            if row.detail:
                hit.snippets.append(highlight(row.detail, terms, SNIPPET))
        elif kind == "measure":
            hit = Hit(
                row.get_absolute_url(),
                highlight(row.name, terms),
                meta=f"{row.problem} · {row.problem.inspection.title}",
            )
            if not row.name.endswith(row.text):  # the name shows only the opening words
                hit.snippets.append(highlight(row.text, terms, SNIPPET))
        else:
            status = f"{row.get_channel_display()} · {row.get_status_display()}"
            hit = Hit(
                reverse("publication:opinion", args=[row.pk]),
                [(f"{timezone.localtime(row.created_at):%Y-%m-%d} {status}", False)],
                [highlight(row.text, terms, SNIPPET)],
                meta=row.notice.inspection.title,
            )
            if row.reply and any(t in row.reply.lower() for t in terms):
                hit.snippets.append([("答复：", False), *highlight(row.reply, terms, SNIPPET)])
        out.append(hit)
    return out
