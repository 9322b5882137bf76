"""Who may see and change what — written once, used by every view.

Every view starts with one ``get_<obj>_for_user(user, pk) -> (obj, can_write)``
call (404 for outsiders) and every list filters through ``<objs>_for(user)``.
Scope rules (DESIGN.md §1):

- admin: everything;
- office (整改办): inspections of its organisation and the organisations under it;
- oversight (巡察办): the same subtree, read-only;
- leader (责任领导): the measures they answer for;
- unit (责任单位联络员): the measures its unit leads or co-leads.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zhenggai.inspections.models import Inspection, Problem
from zhenggai.ledger.models import Measure
from zhenggai.orgs.models import User

Role = User.Role


def _subtree_path(user) -> str | None:
    org = user.organisation
    return org.path if org is not None and org.path else None


def measures_for(user) -> QuerySet[Measure]:
    """The measures ``user`` may see."""
    qs = Measure.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin_role:
        return qs
    if user.role in (Role.OFFICE, Role.OVERSIGHT):
        path = _subtree_path(user)
        if path is None:
            return qs.none()
        return qs.filter(problem__inspection__organisation__path__startswith=path)
    if user.role == Role.LEADER:
        return qs.filter(leader=user)
    if user.role == Role.UNIT and user.organisation_id:
        return qs.led_or_coled_by(user.organisation)
    return qs.none()


def inspections_for(user) -> QuerySet[Inspection]:
    """The inspections ``user`` may open (for a unit or leader: those holding its measures)."""
    qs = Inspection.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin_role:
        return qs
    if user.role in (Role.OFFICE, Role.OVERSIGHT):
        path = _subtree_path(user)
        return qs.filter(organisation__path__startswith=path) if path else qs.none()
    ids = measures_for(user).values("problem__inspection_id")
    return qs.filter(pk__in=ids)


def problems_for(user) -> QuerySet[Problem]:
    """The problems ``user`` may see: the whole ledger for office and oversight,
    only the problems of their own measures for units and leaders."""
    qs = Problem.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin_role or user.role in (Role.OFFICE, Role.OVERSIGHT):
        return qs.filter(inspection__in=inspections_for(user))
    return qs.filter(pk__in=measures_for(user).values("problem_id"))


def can_manage(user) -> bool:
    """True for roles that edit a ledger they can see (the office and admins)."""
    return user.is_admin_role or user.role == Role.OFFICE


def get_inspection_for_user(user, pk: int) -> tuple[Inspection, bool]:
    """The inspection if ``user`` may see it, and whether they may change it."""
    inspection = inspections_for(user).select_related("organisation").filter(pk=pk).first()
    if inspection is None:
        raise Http404("没有找到该巡察，或您无权查看。")
    return inspection, can_manage(user)


def get_measure_for_user(user, pk: int) -> tuple[Measure, bool]:
    """The measure if ``user`` may see it, and whether they may act on it.

    Units act on the measures they lead, leaders on those they answer for; a
    co-unit and the oversight office only read.
    """
    measure = (
        measures_for(user)
        .select_related("problem__inspection", "problem__aspect", "lead_unit", "leader")
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        raise Http404("没有找到该整改措施，或您无权查看。")
    if can_manage(user):
        can_write = True
    elif user.role == Role.UNIT:
        can_write = measure.lead_unit_id == user.organisation_id
    elif user.role == Role.LEADER:
        can_write = measure.leader_id == user.pk
    else:
        can_write = False
    return measure, can_write
