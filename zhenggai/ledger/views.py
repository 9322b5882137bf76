"""The ledger of one inspection, and one measure."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from zhenggai.access import get_inspection_for_user, get_measure_for_user, measures_for
from zhenggai.audit.models import AuditEvent
from zhenggai.core.lights import Light
from zhenggai.inspections.models import Aspect
from zhenggai.lib.htmx import render_htmx
from zhenggai.orgs.models import Organisation

from .forms import LedgerFilterForm


def today() -> dt.date:
    return timezone.localdate()


def list_rows(qs):
    """Load what a ledger row shows, in a fixed number of queries."""
    return qs.select_related("problem", "lead_unit", "leader").prefetch_related("co_units")


def paginate(request, qs):
    page = Paginator(qs, settings.ZHENGGAI["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, urlencode(sorted((k, v) for k, v in params.items() if v))


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


@login_required
def ledger(request, pk: int):
    """问题清单 of one inspection: problems under their aspects, each with its measures."""
    inspection, can_write = get_inspection_for_user(request.user, pk)
    scoped = measures_for(request.user).filter(problem__inspection=inspection)
    units = Organisation.objects.filter(pk__in=scoped.values("lead_unit_id")).order_by(
        "path", "order"
    )
    form = LedgerFilterForm(request.GET or None, units=units)
    qs = form.apply(scoped.with_light(today()))
    qs = list_rows(qs).order_by("problem__order", "problem_id", "order", "pk")
    page, query = paginate(request, qs)
    chains = aspect_chains(inspection)
    for measure in page.object_list:
        measure.problem.aspect_chain = chains.get(measure.problem.aspect_id, [])
    context = {
        "inspection": inspection,
        "can_write": can_write,
        "form": form,
        "page": page,
        "query": query,
        "lights": list(Light),
    }
    return render_htmx(request, "ledger/ledger.html", "ledger/partials/ledger_table.html", context)


@login_required
def measure_detail(request, pk: int):
    measure, can_write = get_measure_for_user(request.user, pk)
    chains = aspect_chains(measure.problem.inspection)
    context = {
        "measure": measure,
        "can_write": can_write,
        "light": measure.compute_light(today()),
        "aspect_chain": chains.get(measure.problem.aspect_id, []),
        "co_units": list(measure.co_units.all()),
        "milestones": list(measure.milestones.all()),
        "updates": list(measure.updates.select_related("author")),
        "closures": list(measure.closures.select_related("submitted_by", "reviewer", "approver")),
        "rechecks": list(measure.rechecks.all()),
        "history": list(
            AuditEvent.objects.filter(measure=measure).select_related("actor").order_by("at", "id")
        ),
    }
    return render(request, "ledger/measure.html", context)
