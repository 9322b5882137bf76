"""Each user sets how they are reminded (提醒设置)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .actions import do_set_preferences
from .forms import PreferenceForm
from .models import Preference


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        do_set_preferences(
            request.user,
            email_enabled=d["email_enabled"],
            webhook_kind=d["webhook_kind"],
            webhook_url=d["webhook_url"],
            digest=d["digest"],
        )
        messages.success(request, "提醒设置已保存。")
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form})
