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

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zhenggai.inspections.models import Inspection, NoticeImport, Problem
from zhenggai.ledger.models import Accountability, ClosureRequest, Measure, Recovery, Regulation
from zhenggai.orgs.models import User

Role = User.Role


def _subtree_path(user) -> str | None:
    org = user.organisation
    return org.path if org is not None and org.path else None


def measures_for(user) -> QuerySet[Measure]:
    """The measures ``user`` may see (never those of a withdrawn inspection)."""
    qs = Measure.objects.filter(problem__inspection__withdrawn_at__isnull=True)
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
    """The inspections ``user`` may open (for a unit or leader: those holding its measures);
    a withdrawn inspection is nobody's any more."""
    qs = Inspection.objects.active()
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


def sees_whole_inspections(user) -> bool:
    """True when :func:`measures_for` is every measure of :func:`inspections_for` (office,
    oversight, admin), so counts may be summed per inspection."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_admin_role or user.role in (Role.OFFICE, Role.OVERSIGHT))
    )


def can_manage(user) -> bool:
    """True for roles that edit a ledger they can see (the office and admins)."""
    return user.is_admin_role or user.role == Role.OFFICE


def can_see_boards(user) -> bool:
    """The battle map, dashboards, bulletins and supervision records: office, oversight, admin."""
    return user.is_admin_role or user.role in (Role.OFFICE, Role.OVERSIGHT)


def can_verify_history(user) -> bool:
    """The 历史校验 page and its 立即校验 button: the office, the 巡察办 and admins —
    those who must act when the history fails its check."""
    return user.is_admin_role or user.role in (Role.OFFICE, Role.OVERSIGHT)


def can_enter_registers(user) -> bool:
    """建章立制、问责追责、追缴资金: the office, or a unit contact (its own measures' problems)."""
    return can_manage(user) or user.role == Role.UNIT


#: The registers by the name their URLs use.
REGISTER_MODELS = {"regulation": Regulation, "accountability": Accountability, "recovery": Recovery}


def register_entries_for(user, model, inspection) -> QuerySet:
    """The entries of one register of ``inspection`` that ``user`` sees: those linked to
    a problem they see (withdrawn entries included — the list shows them struck through)."""
    problems = problems_for(user).filter(inspection=inspection)
    return model.all_objects.filter(inspection=inspection, problems__in=problems).distinct()


def can_correct_register_entry(user, entry) -> bool:
    """Correct or withdraw a register entry: the office; a unit contact only when every
    problem the entry counts for is one of its own (it cannot withdraw another unit's
    figure); nobody once the entry is withdrawn."""
    if entry.is_withdrawn or not can_enter_registers(user):
        return False
    if can_manage(user):
        return True
    return not entry.problems.exclude(pk__in=problems_for(user).values("pk")).exists()


def get_register_entry_for_user(user, kind: str, pk: int):
    """A register entry (``kind`` as in :data:`REGISTER_MODELS`) if ``user`` sees it
    (else 404), and whether they may correct or withdraw it."""
    model = REGISTER_MODELS.get(kind)
    entry = None
    if model is not None:
        entry = (
            model.all_objects.filter(
                pk=pk, inspection__in=inspections_for(user), problems__in=problems_for(user)
            )
            .select_related("inspection")
            .first()
        )
    if entry is None:
        raise Http404("没有找到该登记记录，或您无权查看。")
    return entry, can_correct_register_entry(user, entry)


def can_mark_withheld(user) -> bool:
    """不宜公开 marks on problems, measures, progress figures and register entries of
    an inspection the user sees: the office that runs the ledger (and admins)."""
    return can_manage(user)


def can_import_notices(user) -> bool:
    """Importing a notice: the office of an organisation, or an admin."""
    return can_manage(user) and (user.organisation_id is not None or user.is_admin_role)


def notice_imports_for(user) -> QuerySet[NoticeImport]:
    """The staged notice imports ``user`` may open: their organisation's subtree."""
    if user.is_admin_role:
        return NoticeImport.objects.all()
    if not can_manage(user) or user.organisation is None:
        return NoticeImport.objects.none()
    return NoticeImport.objects.filter(organisation__path__startswith=user.organisation.path)


def closures_waiting_for(user) -> QuerySet[ClosureRequest]:
    """销号申请 waiting on ``user``: approval for a leader, review for the office, and for
    everyone else the open requests of the measures they see."""
    qs = ClosureRequest.objects.filter(measure__in=measures_for(user))
    Stage = ClosureRequest.Stage
    if user.role == Role.LEADER:
        return qs.filter(stage=Stage.PENDING_APPROVAL, measure__leader=user)
    if can_manage(user):
        return qs.filter(stage=Stage.PENDING_REVIEW)
    return qs.filter(stage__in=[Stage.PENDING_REVIEW, Stage.PENDING_APPROVAL])


@dataclass(frozen=True)
class Capabilities:
    """What the signed-in user may do anywhere, for templates (``can.review_closures``)."""

    manage: bool = False  # edit ledgers (整改办, admin)
    review_closures: bool = False
    approve_closures: bool = False
    record_rechecks: bool = False
    see_boards: bool = False
    import_notices: bool = False
    enter_registers: bool = False
    mark_withheld: bool = False
    administer: bool = False  # the Django admin
    verify_history: bool = False  # the 历史校验 page and its 立即校验 button


def capabilities_of(user) -> Capabilities:
    if not user.is_authenticated or not user.is_active:
        return Capabilities()
    manage = can_manage(user)
    return Capabilities(
        manage=manage,
        review_closures=manage,
        approve_closures=user.role == Role.LEADER,
        record_rechecks=manage or user.role == Role.OVERSIGHT,
        see_boards=can_see_boards(user),
        import_notices=can_import_notices(user),
        enter_registers=can_enter_registers(user),
        mark_withheld=can_mark_withheld(user),
        administer=user.is_admin_role,
        verify_history=can_verify_history(user),
    )


def capabilities(request) -> dict:
    """Context processor: ``can`` in every template. A request refused before the
    authentication middleware ran (a bad Host, say) has no user: it may do nothing."""
    return {"can": capabilities_of(getattr(request, "user", None) or AnonymousUser())}


def get_inspection_for_user(user, pk: int) -> tuple[Inspection, bool]:
    """The inspection if ``user`` may see it, and whether they may change it."""
    inspection = inspections_for(user).select_related("organisation").filter(pk=pk).first()
    if inspection is None:
        raise Http404("没有找到该巡察，或您无权查看。")
    return inspection, can_manage(user)


@dataclass(frozen=True)
class MeasurePermissions:
    """What one user may do to one measure they can see."""

    plan: bool = False  # edit the measure itself (整改办)
    report: bool = False  # post progress (lead unit, co-units, office)
    request_closure: bool = False  # ask for 销号 (lead unit, office)
    review: bool = False  # review a closure request (整改办)
    approve: bool = False  # approve closure (the responsible leader)
    recheck: bool = False  # record a look-back result (整改办, 巡察办)
    withdraw: bool = False  # withdraw a wrong progress update, evidence file, milestone (整改办)

    @property
    def any(self) -> bool:
        return any(vars(self).values())


def measure_permissions(user, measure: Measure) -> MeasurePermissions:
    """The actions ``user`` may take on ``measure``; call only for a visible measure."""
    manage = can_manage(user)
    org_id = user.organisation_id
    lead = user.role == Role.UNIT and measure.lead_unit_id == org_id
    co = user.role == Role.UNIT and not lead and measure.co_units.filter(pk=org_id).exists()
    return MeasurePermissions(
        plan=manage,
        report=manage or lead or co,
        request_closure=manage or lead,
        review=manage,
        approve=user.is_admin_role or (user.role == Role.LEADER and measure.leader_id == user.pk),
        recheck=manage or user.role == Role.OVERSIGHT,
        withdraw=manage,
    )


def get_measure_for_user(user, pk: int) -> tuple[Measure, MeasurePermissions]:
    """The measure if ``user`` may see it (else 404), and what they may do with it."""
    measure = (
        measures_for(user)
        .select_related(
            "problem__inspection__organisation", "problem__aspect", "lead_unit", "leader"
        )
        .filter(pk=pk)
        .first()
    )
    if measure is None:
        raise Http404("没有找到该整改措施，或您无权查看。")
    return measure, measure_permissions(user, measure)


def require(allowed: bool) -> None:
    """Refuse (403) a user who may see the object but not do this to it."""
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")


def get_problem_for_user(user, pk: int) -> tuple[Problem, bool]:
    """The problem if ``user`` may see it (else 404), and whether they may edit it."""
    problem = (
        problems_for(user)
        .select_related("inspection__organisation", "aspect", "carried_from__inspection")
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404("没有找到该问题，或您无权查看。")
    return problem, can_manage(user)


def _get_via_measure(user, model, pk: int, what: str):
    """An object hanging off a measure, with the measure's permissions (404 if hidden)."""
    obj = model.objects.filter(pk=pk, measure__in=measures_for(user)).first()
    if obj is None:
        raise Http404(f"没有找到该{what}，或您无权查看。")
    measure, perms = get_measure_for_user(user, obj.measure_id)
    obj.measure = measure
    return obj, perms


def get_closure_for_user(user, pk: int):
    return _get_via_measure(user, ClosureRequest, pk, "销号申请")


def get_recheck_for_user(user, pk: int):
    from zhenggai.ledger.models import Recheck

    return _get_via_measure(user, Recheck, pk, "复查")


def get_milestone_for_user(user, pk: int):
    from zhenggai.ledger.models import Milestone

    return _get_via_measure(user, Milestone, pk, "阶段目标")


def get_progress_for_user(user, pk: int):
    from zhenggai.ledger.models import ProgressUpdate

    return _get_via_measure(user, ProgressUpdate, pk, "进展")


def get_evidence_with_perms_for_user(user, pk: int):
    from zhenggai.ledger.models import Evidence

    return _get_via_measure(user, Evidence, pk, "佐证材料")


def get_evidence_for_user(user, pk: int):
    """Evidence is visible exactly to those who may see its measure."""
    from zhenggai.ledger.models import Evidence

    evidence = Evidence.objects.filter(pk=pk, measure__in=measures_for(user)).first()
    if evidence is None:
        raise Http404("没有找到该文件，或您无权查看。")
    return evidence


def get_own_for_user(user, queryset, pk: int, what: str):
    """An object of ``queryset`` that belongs to ``user`` alone (its ``user`` field), such
    as an API token: anyone else gets 404, whatever their role."""
    obj = queryset.filter(pk=pk, user_id=user.pk).first()
    if obj is None:
        raise Http404(f"没有找到该{what}。")
    return obj
