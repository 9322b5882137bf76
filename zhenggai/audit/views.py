"""历史校验: the last check of the history, earlier results, and 立即校验."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from zhenggai.access import can_verify_history, require
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.htmx import render_htmx
from zhenggai.lib.pages import paginate

from .actions import VERIFY_NOW_EVERY, do_verify_history_now
from .models import ChainVerification


@login_required
def verification(request):
    """For the office, the 巡察办 and administrators: is the history intact?"""
    require(can_verify_history(request.user))
    page, query = paginate(request, ChainVerification.objects.all())
    context = {
        "last": ChainVerification.objects.first(),
        "page": page,
        "query": query,
        "every_minutes": VERIFY_NOW_EVERY // 60,
    }
    return render_htmx(
        request, "audit/verification.html", "audit/partials/verification_rows.html", context
    )


@login_required
@require_POST
def verify_now(request):
    require(can_verify_history(request.user))
    try:
        result = do_verify_history_now(request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        if result.ok:
            messages.success(request, "校验完成：历史记录完好。")
        else:
            messages.error(request, "校验发现问题，详见下方。请立即联系系统管理员。")
    return redirect("history:verification")
