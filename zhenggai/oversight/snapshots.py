"""An inspection's figures of the day, computed once and kept until it changes.

The pages that span a province (the office's home, the oversight overview) and the
dashboard of a 100,000-measure inspection would otherwise recount every measure on
every request (issue 15: 1.2 s and 2.7 s at a million measures). :func:`cached` keeps
each inspection's figures of one kind (``counts``, ``dashboard``) as a
:class:`~zhenggai.oversight.models.FiguresSnapshot` row for the day:

- a snapshot serves only on the day it was computed, and only while ``fresh``;
- every audited action (:data:`zhenggai.audit.log.recorded`) marks the snapshots of
  the inspection it touched stale and moves their ``generation`` on, inside the
  action's transaction; a saved escalation policy (edited in the admin) marks every
  snapshot stale, a saved inspection its own;
- a figure is written back only if the generation it was computed under is still
  the row's, so a figure read before a change never masks it;
- the daily tick marks everything stale after recording the lights, then computes
  every active inspection's counts for the day.

Figures asked for another day than today are computed, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.db.models import Case, F, Value, When
from django.utils import timezone

from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import Organisation
from zhenggai.orgs.policy import EscalationPolicy

from .models import FiguresSnapshot


def cached(
    kind: str,
    ids: Iterable[int],
    today: dt.date,
    compute: Callable[[list[int]], dict[int, Any]],
) -> dict[int, Any]:
    """``{inspection id: figure}`` of ``kind`` for ``ids`` on ``today``: stored figures
    where fresh, the rest from ``compute(missing ids)`` (JSON-ready values), stored."""
    ids = list(dict.fromkeys(ids))
    if today != timezone.localdate():
        return compute(ids)
    found = dict(
        FiguresSnapshot.objects.filter(
            kind=kind, inspection_id__in=ids, day=today, fresh=True
        ).values_list("inspection_id", "data")
    )
    missing = [i for i in ids if i not in found]
    if missing:
        for start in range(0, len(missing), WRITE_BATCH):
            _add_rows(kind, missing[start : start + WRITE_BATCH])
        generations = dict(
            FiguresSnapshot.objects.filter(kind=kind, inspection_id__in=missing).values_list(
                "inspection_id", "generation"
            )
        )
        computed = compute(missing)
        found.update({i: computed[i] for i in missing})
        for start in range(0, len(missing), WRITE_BATCH):
            _write_back(kind, today, missing[start : start + WRITE_BATCH], computed, generations)
    return found


WRITE_BATCH = 2000  # four parameters each: within SQLite's 32,766


def _add_rows(kind: str, ids: list[int]) -> None:
    """A stale row for each of ``ids`` that has none, in one statement (``bulk_create``
    would take SQLite's 999 parameters for a limit: one statement per 166 rows)."""
    table = connection.ops.quote_name(FiguresSnapshot._meta.db_table)
    inspections = connection.ops.quote_name(Inspection._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (inspection_id, kind, fresh, generation, data) "  # noqa: S608 — names from the models, values as parameters
            f"SELECT id, %s, %s, 0, %s FROM {inspections} WHERE id IN ({marks}) "
            "ON CONFLICT (inspection_id, kind) DO NOTHING",
            [kind, False, "{}", *ids],
        )


def _write_back(kind, today, ids, computed, generations) -> None:
    """One UPDATE for ``ids``: each row takes its figure, and is fresh only if its
    generation is still the one the figure was computed under."""
    data_field = FiguresSnapshot._meta.get_field("data")
    FiguresSnapshot.objects.filter(kind=kind, inspection_id__in=ids).update(
        day=today,
        data=Case(
            *(When(inspection_id=i, then=Value(computed[i], output_field=data_field)) for i in ids)
        ),
        fresh=Case(
            *(When(inspection_id=i, generation=generations[i], then=Value(True)) for i in ids),
            default=Value(False),
        ),
    )


def mark_stale(inspection_ids: Iterable[int] | None = None) -> int:
    """Mark the snapshots of ``inspection_ids`` (all when None) stale."""
    qs = FiguresSnapshot.objects.all()
    if inspection_ids is not None:
        qs = qs.filter(inspection_id__in=list(inspection_ids))
    return qs.update(fresh=False, generation=F("generation") + 1)


EVERYTHING = object()


def _of_measure(measure) -> int | None:
    if Measure.problem.is_cached(measure):
        return measure.problem.inspection_id
    return (
        Problem._base_manager.filter(pk=measure.problem_id)
        .values_list("inspection_id", flat=True)
        .first()
    )


def touched(obj, measure=None):
    """The inspection an audited change touched: its id, None when the change has no
    figures in any inspection, or :data:`EVERYTHING` (a policy or an organisation)."""
    if measure is not None:
        return _of_measure(measure)
    if isinstance(obj, Inspection):
        return obj.pk
    if isinstance(obj, EscalationPolicy | Organisation):
        return EVERYTHING
    if getattr(obj, "inspection_id", None):
        return obj.inspection_id
    if getattr(obj, "problem_id", None):
        return (
            Problem._base_manager.filter(pk=obj.problem_id)
            .values_list("inspection_id", flat=True)
            .first()
        )
    if getattr(obj, "measure_id", None):
        return (
            Measure._base_manager.filter(pk=obj.measure_id)
            .values_list("problem__inspection_id", flat=True)
            .first()
        )
    spot_check = getattr(obj, "spot_check", None)
    if spot_check is not None:
        return spot_check.inspection_id
    return None


def on_recorded(sender, *, obj, measure=None, **kwargs) -> None:
    """Receiver of :data:`zhenggai.audit.log.recorded`."""
    inspection = touched(obj, measure)
    if inspection is EVERYTHING:
        mark_stale()
    elif inspection is not None:
        mark_stale([inspection])


def on_configuration_saved(sender, instance, **kwargs) -> None:
    """Receiver of ``post_save`` for what the admin edits outside the actions: a policy
    moves every light; an inspection's organisation decides its policy."""
    mark_stale([instance.pk] if isinstance(instance, Inspection) else None)
