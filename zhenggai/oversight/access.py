"""Access to supervision pages: boards, bulletins and supervision records.

The battle map, dashboards, bulletins and the supervision register are the tools of
the office (整改办) and the oversight office (巡察办) over their subtree, and of
admins. Units and leaders work from their own task list and measure pages, so
they get 403 on these boards (they still see the supervision records of their
measures on the measure page); outsiders get 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenggai.access import can_manage, can_see_boards, get_inspection_for_user, inspections_for

from .models import Bulletin, SupervisionAttachment


def get_board_for_user(user, pk: int):
    """The inspection behind a board, and whether the user may change its records."""
    inspection, _ = get_inspection_for_user(user, pk)
    if not can_see_boards(user):
        raise PermissionDenied("督导看板仅向整改办、巡察办开放。")
    return inspection, can_manage(user)


def get_bulletin_for_user(user, pk: int) -> tuple[Bulletin, bool]:
    bulletin = (
        Bulletin.objects.filter(inspection__in=inspections_for(user))
        .select_related("inspection__organisation")
        .filter(pk=pk)
        .first()
    )
    if bulletin is None:
        raise Http404("没有找到该通报，或您无权查看。")
    if not can_see_boards(user):
        raise PermissionDenied("工作通报仅向整改办、巡察办开放。")
    return bulletin, can_manage(user)


def get_attachment_for_user(user, pk: int) -> SupervisionAttachment:
    """An attachment is readable by whoever may see its supervision record: the
    boards' readers, and units and leaders when it concerns one of their measures."""
    from zhenggai.access import measures_for

    attachment = (
        SupervisionAttachment.objects.filter(supervision__inspection__in=inspections_for(user))
        .select_related("supervision")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404("没有找到该附件，或您无权查看。")
    if (
        not can_see_boards(user)
        and not attachment.supervision.measures.filter(
            pk__in=measures_for(user).values("pk")
        ).exists()
    ):
        raise PermissionDenied("无权查看该附件。")
    return attachment
