"""An inspection's figures of the day, computed once and kept until it changes.

The pages that span a province (the office's home, the oversight overview) and the
dashboard of a 100,000-measure inspection would otherwise recount every measure on
every request (issue 15: 1.2 s and 2.7 s at a million measures). :func:`cached` keeps
each inspection's figures of one kind (``counts``, ``dashboard``) as a
:class:`~zhenggai.oversight.models.FiguresSnapshot` row for the day:

- a snapshot serves only on the day it was computed, and only while ``fresh``;
- every audited action (:data:`zhenggai.audit.log.recorded`) marks the snapshots of
  the inspection it touched stale and moves their ``generation`` on, inside the
  action's transaction; a saved escalation policy or organisation (edited in the
  admin) marks every snapshot stale, a saved inspection its own;
- a figure is written back only if the generation it was computed under is still
  the row's, so a figure read before a change never masks it;
- the tick marks stale the inspections whose lights it recorded changing (the light
  history feeds the dashboard), then computes every active inspection's counts for
  the day; an hourly tick that records nothing keeps every figure.

Figures asked for another day than today are computed, never stored.

:func:`kept_page` keeps page parts made from one inspection's rows (the ledger's) in
``caches["pages"]`` under the generation of the inspection's ``rendered`` row, which
the same invalidations move on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import Case, Count, DecimalField, F, IntegerField, Max, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.lib.build import code_digest
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


def kept(kind: str, inspection, today: dt.date, make: Callable[[], Any]) -> Any:
    """:func:`cached` for one inspection: its ``kind`` figure, ``make()`` when stale."""
    return cached(kind, [inspection.pk], today, lambda ids: {inspection.pk: make()})[inspection.pk]


WRITE_BATCH = 2000  # four parameters each: within SQLite's 32,766


#: How :func:`totals` adds up one key of the kept figures: "sum" or "max", as int or Decimal.
Spec = dict[str, tuple[str, type]]


def totals(
    kind: str,
    inspections,
    today: dt.date,
    spec: Spec,
    compute: Callable[[list[int]], dict[int, Any]],
    by: str | None = None,
) -> list[dict]:
    """The day's ``kind`` figures of ``inspections`` (a queryset of them) added up key by
    key as ``spec`` says, by the database — per value of the inspection field ``by``
    (each row carries it under ``"by"``), or as one row. The stale ones are made first;
    a province's 10,000 figures are never read into Python."""
    if today != timezone.localdate():
        return _python_totals(spec, compute, inspections, by)
    ensure(kind, inspections, today, compute)
    rows = FiguresSnapshot.objects.filter(kind=kind, day=today, inspection__in=inspections)
    aggregates = {
        key: (Max if op == "max" else Sum)(
            Cast(
                KT(f"data__{key}"),
                DecimalField(max_digits=20, decimal_places=4)
                if kind_ is Decimal
                else IntegerField(),
            )
        )
        for key, (op, kind_) in spec.items()
    }
    if by is None:
        return [rows.aggregate(**aggregates)]
    grouped = rows.values(by=F(f"inspection__{by}")).annotate(**aggregates).order_by()
    # Read as plain tuples: Django's per-value converters cost more than the query for a
    # province's 5,000 organisations × 20 sums. A Decimal key may come back as a float
    # on SQLite; callers convert (see ``indicators.counts_per``).
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def ensure(kind: str, inspections, today: dt.date, compute) -> None:
    """Make today's stale ``kind`` figures of ``inspections`` (a queryset): one anti-join
    finds them, :func:`cached` makes and keeps them."""
    kept = FiguresSnapshot.objects.filter(kind=kind, day=today, fresh=True)
    stale = list(
        inspections.exclude(pk__in=kept.values("inspection_id")).values_list("pk", flat=True)
    )
    if stale:
        cached(kind, stale, today, compute)


def stamp(kinds: list[str], inspections, today: dt.date) -> tuple:
    """One row saying what today's kept ``kinds`` figures of ``inspections`` are: how
    many, and the sums of their inspections' ids (and squares) and of their generations.
    Generations only grow and every change moves one, so any change to any of these
    figures, or an inspection come or gone, changes the stamp. Call after :func:`ensure`."""
    rows = FiguresSnapshot.objects.filter(kind__in=kinds, day=today, inspection__in=inspections)
    return tuple(
        rows.aggregate(
            n=Count("pk"),
            ids=Sum("inspection_id"),
            squares=Sum(F("inspection_id") * F("inspection_id")),
            generations=Sum("generation"),
        ).values()
    )


#: The kind of the row whose generation says how often an inspection has changed.
RENDERED = "rendered"


def kept_page(inspection_id: int, viewer, key: tuple, make: Callable[[], Any]) -> Any:
    """What a page shows of one inspection for today — its HTML, parts of it, or the
    few figures it prints (anything small that pickles) — kept until anything in the
    inspection changes.

    It is kept by :func:`keep_for` (for ``viewer`` alone, under the code's digest and
    today) under ``key`` (everything else it depends on: the page, its filters) and the
    inspection's ``rendered`` row: its id and its generation, which every audited action
    in the inspection moves on (as :func:`mark_stale` does for every kind), like a saved
    policy, organisation or leader, so a change is seen at the next request, by every
    viewer. The generation is read before ``make()`` reads the rows: HTML made from rows
    changed meanwhile is kept under a generation already gone."""
    version = _rendered_version(inspection_id)
    return keep_for(viewer, (version, key), make)


def keep_for(viewer, key: tuple, make: Callable[[], Any]) -> Any:
    """``make()``, kept in ``caches["pages"]`` for ``viewer`` alone (a user: their id,
    and the role, organisation and admin flag that decide their scope and rights) under
    ``key``, today and the running code's digest (an upgrade never serves HTML of the
    templates it replaced, nor rows of an older shape), for a day at most."""
    who = (viewer.pk, viewer.role, viewer.organisation_id, viewer.is_superuser)
    parts = (code_digest(), timezone.localdate(), who, key)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    cache = caches["pages"]
    kept = cache.get(digest)
    if kept is None:
        kept = make()
        cache.set(digest, kept, timeout=24 * 3600)
    return kept


def _rendered_version(inspection_id: int) -> tuple[int, int]:
    """(row id, generation) of the inspection's ``rendered`` row, made when missing. Row
    ids are never reused, so a key outlives neither its inspection nor a flushed test
    database."""
    rows = FiguresSnapshot.objects.filter(inspection_id=inspection_id, kind=RENDERED)
    found = rows.values_list("pk", "generation").first()
    if found is None:
        _add_rows(RENDERED, [inspection_id])
        found = rows.values_list("pk", "generation").get()
    return found


def _python_totals(spec: Spec, compute, inspections, by) -> list[dict]:
    """:func:`totals` for a day other than today: computed and added up here."""
    owners = dict(inspections.values_list("pk", by or "pk"))
    out: dict = {}
    for iid, data in compute(list(owners)).items():
        row = out.setdefault(owners[iid] if by else None, {})
        for key, (op, kind_) in spec.items():
            value = kind_(data[int(key)] if isinstance(data, list) else data.get(key) or 0)
            old = row.get(key)
            row[key] = value if old is None else max(old, value) if op == "max" else old + value
    if by is None:
        return [out.get(None, dict.fromkeys(spec))]
    return [{"by": owner, **row} for owner, row in out.items()]


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


def on_user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """Receiver of ``post_save`` for a user: a leader's name is on the rows of the
    inspections whose measures they lead (a login only stamps ``last_login``)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    led = Measure._base_manager.filter(leader_id=instance.pk).values("problem__inspection_id")
    mark_stale(Inspection._base_manager.filter(pk__in=led).values_list("pk", flat=True))


def on_configuration_saved(sender, instance, **kwargs) -> None:
    """Receiver of ``post_save`` for what the admin edits outside the actions: a policy
    moves every light; an organisation's name is on the boards and its place in the tree
    decides policies; an inspection's organisation decides its policy."""
    mark_stale([instance.pk] if isinstance(instance, Inspection) else None)
