"""Reading an inspection's structure: aspect chains and carry-over chains."""

from __future__ import annotations

from collections.abc import Iterable

from zhenggai.core.notices.labels import strip_label
from zhenggai.core.text import fold

from .models import Aspect, Problem


def aspect_chains(inspection) -> dict[int, list[Aspect]]:
    """Each aspect id → its chain from the top heading down (one query)."""
    aspects = {a.pk: a for a in Aspect.objects.filter(inspection=inspection)}
    chains: dict[int, list[Aspect]] = {}
    for pk, aspect in aspects.items():
        chain, node, seen = [], aspect, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = aspects.get(node.parent_id) if node.parent_id else None
        chains[pk] = list(reversed(chain))
    return chains


def carry_chain(problem: Problem) -> list[Problem]:
    """The earlier problems this one carries over, oldest first (bounded walk)."""
    chain, node, seen = [], problem.carried_from, {problem.pk}
    while node is not None and node.pk not in seen and len(chain) < 20:
        seen.add(node.pk)
        chain.append(node)
        node = (
            Problem.objects.select_related("inspection", "carried_from")
            .filter(pk=node.carried_from_id)
            .first()
            if node.carried_from_id
            else None
        )
    return list(reversed(chain))


class ProblemMatcher:
    """ "Is this row an existing problem?" for every import (notice and Excel): by the
    inspectors' code, else by title, both compared as people read them
    (:func:`zhenggai.core.text.fold`: width, spaces and a final 。 ignored), titles
    without a leading label (:func:`zhenggai.core.notices.labels.strip_label`)."""

    def __init__(self, problems: Iterable[Problem]):
        self.by_code: dict[str, Problem] = {}
        self.by_title: dict[str, Problem] = {}
        for problem in problems:
            self.add(problem)

    def add(self, problem: Problem) -> None:
        if problem.code:
            self.by_code[fold(problem.code)] = problem
        self.by_title[fold(strip_label(problem.title))] = problem

    def find(self, code: str, title: str) -> Problem | None:
        found = self.by_code.get(fold(code)) if code else None
        return found or self.by_title.get(fold(strip_label(title)))
