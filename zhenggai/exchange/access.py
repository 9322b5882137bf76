"""Access to staged imports, in the style of :mod:`zhenggai.access`."""

from __future__ import annotations

from django.http import Http404

from zhenggai.access import can_manage, inspections_for, require

from .models import LedgerImport


def get_import_for_user(user, pk: int) -> LedgerImport:
    """A staged import of an inspection ``user`` can see (else 404) and may edit (else 403)."""
    job = (
        LedgerImport.objects.filter(pk=pk, inspection__in=inspections_for(user))
        .select_related("inspection__organisation", "uploaded_by")
        .first()
    )
    if job is None:
        raise Http404("没有找到该导入记录，或您无权查看。")
    require(can_manage(user))
    return job
