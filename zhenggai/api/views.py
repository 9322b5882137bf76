"""接口令牌: each user makes, sees and revokes their own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenggai.access import get_own_for_user
from zhenggai.lib.errors import WorkflowError

from . import actions
from .forms import TokenForm
from .models import ApiToken


@login_required
def tokens(request):
    """The user's tokens; a new token is shown on this response only, never again."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, plain = actions.do_create_api_token(request.user, name=form.cleaned_data["name"])
        created = {"token": token, "plain": plain}
        form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),  # one's own, whatever the role
    }
    response = render(request, "api/tokens.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the new token must not stay in any cache
    return response


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_own_for_user(request.user, ApiToken.objects.all(), pk, "令牌")
    try:
        actions.do_revoke_api_token(request.user, token)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"令牌“{token.name}”已撤销，使用它的程序将无法再访问。")
    return redirect("tokens:list")
