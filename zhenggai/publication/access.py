"""Who may see and change notices and the opinions on them.

- office (整改办) and admin: every notice of the inspections they manage; they
  draft, edit, submit, publish, record and answer opinions;
- oversight (巡察办): read-only, same scope as for inspections;
- leader (责任领导): the notices of their own organisation's inspections, read;
  the approver among them approves (:func:`can_approve`);
- unit contacts: no access to drafts or the opinion register (404): they read the
  published notice on the public portal like everyone else.

Who approves (the "secretary"): the head of the inspected organisation
(``Organisation.head``, e.g. 镇党委书记); when no head is recorded, any leader
whose organisation is the inspected organisation; a system administrator always.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zhenggai.access import can_manage, inspections_for
from zhenggai.orgs.models import User

from .models import Notice, PublicComment

Role = User.Role


def notices_for(user) -> QuerySet[Notice]:
    """The notices ``user`` may open in the office pages (drafts included)."""
    qs = Notice.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin_role:
        return qs
    if user.role in (Role.OFFICE, Role.OVERSIGHT):
        return qs.filter(inspection__in=inspections_for(user))
    if user.role == Role.LEADER and user.organisation_id:
        return qs.filter(
            Q(inspection__organisation_id=user.organisation_id)
            | Q(inspection__organisation__head=user)
        )
    return qs.none()


def can_approve(user, notice: Notice) -> bool:
    """True for the secretary of the inspected organisation (see module docstring)."""
    if not user.is_authenticated:
        return False
    if user.is_admin_role:
        return True
    org = notice.inspection.organisation
    if org.head_id is not None:
        return org.head_id == user.pk
    return user.role == Role.LEADER and user.organisation_id == org.pk


def get_notice_for_user(user, pk: int, *, write: bool = False) -> tuple[Notice, bool]:
    """The notice if ``user`` may see it and whether they may edit it.

    With ``write=True`` a read-only user gets 403 (the view changes something).
    """
    notice = (
        notices_for(user)
        .select_related("inspection__organisation", "created_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404("没有找到该通报，或您无权查看。")
    can_write = can_manage(user)
    if write and not can_write:
        raise PermissionDenied("只有整改办可以修改通报。")
    return notice, can_write


def comments_for(user) -> QuerySet[PublicComment]:
    """Opinions on the notices ``user`` may open; for a unit contact, the opinions
    routed to their unit (their tasks — the template never shows them the contact)."""
    qs = PublicComment.objects.filter(notice__in=notices_for(user))
    if user.is_authenticated and user.role == Role.UNIT and user.organisation_id:
        return PublicComment.objects.filter(unit_id=user.organisation_id)
    return qs


def get_comment_for_user(user, pk: int) -> tuple[PublicComment, bool]:
    comment = (
        comments_for(user)
        .select_related("notice__inspection", "measure", "problem", "replied_by")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404("没有找到该意见，或您无权查看。")
    return comment, can_manage(user)


def published_notices() -> QuerySet[Notice]:
    """What the public portal shows: published notices only."""
    return Notice.objects.filter(status=Notice.Status.PUBLISHED)
