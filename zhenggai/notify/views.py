"""Each user's bell (待办通知) and own reminder settings (提醒设置)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import actions
from .forms import PreferenceForm
from .models import Notification, Preference


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=preference, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.do_set_preferences(
            request.user,
            email_enabled=d["email_enabled"],
            webhook_kind=d["webhook_kind"],
            webhook_url=d["webhook_url"],
            webhook_secret=d["webhook_secret"],
            digest=d["digest"],
            email=d["email"],
        )
        messages.success(request, "提醒设置已保存。")
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form})


@login_required
@require_POST
def send_test(request):
    results = actions.do_send_test(request.user)
    if not results:
        messages.warning(request, "您还没有可用的提醒渠道：请填写电子邮箱或群机器人地址并保存。")
    for r in results:
        if r.ok:
            messages.success(request, f"测试消息已通过{r.channel}发送到 {r.address}。")
        else:
            messages.error(request, f"{r.channel}发送失败：{r.error}")
    return redirect("notify:preferences")


@login_required
def bell(request):
    """The bell's content, fetched by the top bar after the page loads (so no page
    pays for it): the unread count as a badge."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "notify/bell.html", {"unread": unread})


@login_required
def notifications(request):
    qs = Notification.objects.filter(user=request.user).select_related("measure")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).exists()
    return render(
        request, "notify/notifications.html", {"page": page, "query": "", "unread": unread}
    )


@login_required
def open_notification(request, pk: int):
    """Mark one notification read and go where it points."""
    notification = Notification.objects.filter(pk=pk, user=request.user).first()
    if notification is None:
        raise Http404("没有找到该通知。")
    if request.method == "POST":
        actions.do_read_notification(request.user, notification)
        target = notification.url
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return redirect(target)
    return redirect("notify:list")


@login_required
@require_POST
def read_all(request):
    n = actions.do_read_all(request.user)
    messages.success(request, f"已将 {n} 条通知标为已读。")
    return redirect("notify:list")
