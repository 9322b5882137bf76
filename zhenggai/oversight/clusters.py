"""Common problems (举一反三): similar problems of different organisations, clustered.

The text similarity is :mod:`zhenggai.core.similarity`; this module loads the
problems the user may see, keeps pairs from different organisations, and groups
them. The threshold is ``settings.ZHENGGAI["SIMILARITY_THRESHOLD"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from zhenggai.core.similarity import Match, clusters, matches
from zhenggai.inspections.models import Problem


@dataclass
class Cluster:
    problems: list[Problem]
    pairs: list[tuple[Problem, Problem, float, tuple[str, ...]]]
    words: list[str] = field(default_factory=list)

    @property
    def organisations(self) -> list:
        seen = {p.inspection.organisation_id: p.inspection.organisation for p in self.problems}
        return list(seen.values())

    @property
    def ids(self) -> str:
        return ",".join(str(p.pk) for p in self.problems)


def text_of(problem: Problem) -> str:
    return f"{problem.title} {problem.detail[:300]}"


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
    items = [p for p in load(problems) if p.code != "举一反三"]
    orgs = [p.inspection.organisation_id for p in items]
    found = matches([text_of(p) for p in items], threshold(), lambda a, b: orgs[a] != orgs[b])
    out = []
    for group in clusters(len(items), found):
        members = set(group)
        pairs = [m for m in found if m.a in members]
        out.append(_cluster(items, group, pairs))
    return out


def cluster_words(problems: list[Problem]) -> list[str]:
    """The words a group of problems shares most (for a self-check's title)."""
    found = matches([text_of(p) for p in problems], 0.0)
    return _cluster(problems, list(range(len(problems))), found).words


def _cluster(items: list[Problem], group: list[int], pairs: list[Match]) -> Cluster:
    weight: dict[str, float] = {}
    for m in pairs:
        for rank, w in enumerate(m.words):
            weight[w] = weight.get(w, 0) + m.score / (rank + 1)
    return Cluster(
        problems=[items[i] for i in group],
        pairs=[(items[m.a], items[m.b], m.score, m.words) for m in pairs],
        words=sorted(weight, key=lambda w: -weight[w])[:6],
    )
