"""Common problems (举一反三): similar problems of different organisations, clustered.

The text similarity is :mod:`zhenggai.core.similarity`; this module loads the
problems the user may see, keeps pairs from different organisations, and groups
them. The threshold is ``settings.ZHENGGAI["SIMILARITY_THRESHOLD"]``.

A province's 100,000 problems take seconds to cut into words and compare, so the
groups are kept (:func:`kept_groups`) as ids, per viewer, under a stamp of the
problems they were made from, and a page loads only what its own groups list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.db.models.functions import Substr

from zhenggai.core.similarity import (
    WORDS_RULE,
    Match,
    clusters,
    kept_words,
    matches,
    matches_of,
    parse_kept,
    words,
)
from zhenggai.inspections.models import Problem

from .snapshots import keep_for

#: The code of the problem a 举一反三 self-check puts in a ledger (not compared again).
SELF_CHECK_CODE = "举一反三"
#: The strongest pairs a group keeps to show what it rests on (a group of a thousand
#: problems may have hundreds of thousands).
PAIRS_SHOWN = 20
#: The problems a group lists on the page, and offers a self-check as its examples.
PROBLEMS_SHOWN = 30


@dataclass(frozen=True)
class Group:
    """A cluster as kept: its problems' ids, how many organisations they belong to,
    its strongest pairs ``(id, id, score, shared words)``, how many pairs it has, and
    the words it shares most."""

    ids: tuple[int, ...]
    organisations: int
    pairs: tuple[tuple[int, int, float, tuple[str, ...]], ...]
    pair_count: int
    words: tuple[str, ...]


@dataclass
class Cluster:
    problems: list[Problem]  # those listed: all of a small group, the first of a large one
    pairs: list[tuple[Problem, Problem, float, tuple[str, ...]]]
    words: list[str] = field(default_factory=list)
    pair_count: int = 0
    size: int = 0  # the group's problems, listed or not
    organisation_count: int = 0

    @property
    def organisations(self) -> list:
        seen = {p.inspection.organisation_id: p.inspection.organisation for p in self.problems}
        return list(seen.values())

    @property
    def unlisted(self) -> int:
        return self.size - len(self.problems)

    @property
    def ids(self) -> str:
        return ",".join(str(p.pk) for p in self.problems)


def text_of(problem: Problem) -> str:
    return _text(problem.title, problem.detail)


def _text(title: str, detail: str) -> str:
    return f"{title} {detail[:300]}"


def threshold() -> float:
    return float(settings.ZHENGGAI["SIMILARITY_THRESHOLD"])


def load(problems) -> list[Problem]:
    return list(
        problems.select_related("inspection__organisation").only(
            "pk",
            "title",
            "detail",
            "code",
            "label",
            "inspection__title",
            "inspection__round",
            "inspection__feedback_date",
            "inspection__organisation__name",
            "inspection__organisation__short_name",
            "inspection__organisation__path",
            "inspection__organisation__head_id",
        )
    )


def common_problems(problems) -> list[Cluster]:
    """Clusters of similar problems spanning at least two organisations."""
    return clusters_of(groups(problems))


def groups(problems) -> list[Group]:
    """The groups of similar problems spanning at least two organisations, largest
    first. Reads only ids, organisations and texts (no model object per problem)."""
    rows = list(
        problems.exclude(code=SELF_CHECK_CODE)
        .order_by("inspection", "order", "pk")
        .values_list(
            "pk", "inspection__organisation_id", "title", Substr("detail", 1, 300), "words"
        )
    )
    orgs = [row[1] for row in rows]
    cut = [parse_kept(kept) or words(_text(title, detail)) for _, _, title, detail, kept in rows]
    found = matches_of(cut, threshold(), lambda a, b: orgs[a] != orgs[b])
    grouped = clusters(len(rows), found)
    group_of = {i: n for n, group in enumerate(grouped) for i in group}
    pairs_of: dict[int, list[Match]] = defaultdict(list)
    for m in found:
        pairs_of[group_of[m.a]].append(m)
    out = []
    for n, group in enumerate(grouped):
        pairs = pairs_of[n]
        strongest = sorted(pairs, key=lambda m: (-m.score, m.a, m.b))[:PAIRS_SHOWN]
        out.append(
            Group(
                ids=tuple(rows[i][0] for i in group),
                organisations=len({orgs[i] for i in group}),
                pairs=tuple((rows[m.a][0], rows[m.b][0], m.score, m.words) for m in strongest),
                pair_count=len(pairs),
                words=tuple(_shared_words(pairs)),
            )
        )
    return out


def keep_words(batch: int = 2000) -> int:
    """Cut and keep the words of every problem whose words are missing or were cut by
    other code (the tick runs this); returns how many. Writes only ``words``: the
    problems' stamp (``changed_at``) stays, so kept groups stay too."""
    stale = (
        Problem.objects.exclude(words__startswith=f"{WORDS_RULE}|")
        .order_by("pk")
        .only("pk", "title", "detail")
    )
    done = 0
    while chunk := list(stale[:batch]):
        for p in chunk:
            p.words = kept_words(text_of(p))
        Problem.objects.bulk_update(chunk, ["words"])
        done += len(chunk)
    return done


def kept_groups(problems, viewer) -> list[Group]:
    """:func:`groups`, kept for ``viewer`` under the problems' stamp: how many there
    are, the sums of their ids and of their organisations' ids, and the latest change
    to any of them. A problem added, edited (``Problem.changed_at``) or moved to another
    organisation changes the stamp, as does a new threshold. The stamp is read before
    the problems: groups made from problems changed meanwhile are kept under a stamp
    already gone."""
    stamp = tuple(
        problems.exclude(code=SELF_CHECK_CODE)
        .aggregate(
            n=Count("pk"),
            ids=Sum("pk"),
            orgs=Sum("inspection__organisation_id"),
            changed=Max("changed_at"),
        )
        .values()
    )
    return keep_for(viewer, ("common-problems", threshold(), stamp), lambda: groups(problems))


def clusters_of(shown: list[Group]) -> list[Cluster]:
    """The ``shown`` groups with the problems they list (at most ``PROBLEMS_SHOWN`` of
    each) and those their pairs name, loaded in one query."""
    ids = {pk for g in shown for pk in g.ids[:PROBLEMS_SHOWN]}
    ids |= {pk for g in shown for a, b, _, _ in g.pairs for pk in (a, b)}
    problems = {p.pk: p for p in load(Problem.objects.filter(pk__in=ids))}
    return [
        Cluster(
            problems=[problems[pk] for pk in g.ids[:PROBLEMS_SHOWN] if pk in problems],
            pairs=[
                (problems[a], problems[b], score, words)
                for a, b, score, words in g.pairs
                if a in problems and b in problems
            ],
            words=list(g.words),
            pair_count=g.pair_count,
            size=len(g.ids),
            organisation_count=g.organisations,
        )
        for g in shown
    ]


def cluster_words(problems: list[Problem]) -> list[str]:
    """The words a group of problems shares most (for a self-check's title)."""
    return _shared_words(matches([text_of(p) for p in problems], 0.0))


def _shared_words(pairs: list[Match]) -> list[str]:
    """The six words the pairs rest on most (each pair's first word weighs most)."""
    weight: dict[str, float] = {}
    for m in pairs:
        for rank, w in enumerate(m.words):
            weight[w] = weight.get(w, 0) + m.score / (rank + 1)
    return sorted(weight, key=lambda w: -weight[w])[:6]
