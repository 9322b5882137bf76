"""Each user sets how they are reminded (提醒设置)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from zhenggai.audit.log import record

from .forms import PreferenceForm
from .models import Preference


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            record(
                request.user,
                "notify.preferences",
                saved,
                after={k: str(v) for k, v in form.cleaned_data.items()},
            )
        messages.success(request, "提醒设置已保存。")
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form})
