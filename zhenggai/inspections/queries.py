"""Reading an inspection's structure: aspect chains and carry-over chains."""

from __future__ import annotations

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
