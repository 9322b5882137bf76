"""The office's notice pages: generate, edit, approve, publish; the opinion register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenggai.access import can_manage, get_inspection_for_user, inspections_for
from zhenggai.core.notice_docx import render_docx
from zhenggai.core.notice_render import STANDALONE_CSS, render_html
from zhenggai.core.office import ConversionFailed, OfficeMissing, convert
from zhenggai.inspections.models import Problem
from zhenggai.ledger.forms import units_under
from zhenggai.ledger.models import Measure
from zhenggai.lib.csp import allow_style
from zhenggai.lib.downloads import file_download
from zhenggai.lib.pages import workflow_step
from zhenggai.lib.withdrawal import WithdrawForm

from . import actions
from .access import (
    can_approve,
    comments_for,
    get_comment_for_user,
    get_notice_for_user,
    notices_for,
)
from .forms import NoticeEditForm, RecordOpinionForm, ReplyForm, RouteForm, VersionForm
from .generate import ledger_attachments, notice_document, notice_filename
from .models import Notice, PublicComment

FORMATS = ("docx", "pdf", "html", "txt")


def render_notice(notice: Notice, fmt: str) -> bytes:
    """The notice as the bytes of one of :data:`FORMATS` (PDF needs LibreOffice)."""
    doc = notice_document(notice)
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "pdf":
        return convert(render_docx(doc), ".docx", "pdf")
    if fmt == "html":
        return render_html(doc).encode()
    if fmt == "txt":
        return doc.to_text().encode()
    raise ValueError(fmt)


@login_required
def notice_list(request):
    """Every notice the user may open, newest first, and where new ones can be generated."""
    qs = (
        notices_for(request.user)
        .select_related("inspection__organisation")
        .order_by("-updated_at", "-id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    manageable = (
        list(inspections_for(request.user).select_related("organisation").order_by("-id")[:50])
        if can_manage(request.user)
        else []
    )
    return render(
        request,
        "publication/list.html",
        {"page": page, "query": "", "inspections": manageable},
    )


@login_required
@require_POST
def generate(request, pk: int):
    inspection, can_write = get_inspection_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以生成通报。")
    audience = request.POST.get("audience", Notice.Audience.PUBLIC)
    if audience not in Notice.Audience.values:
        return HttpResponseBadRequest("未知的通报范围")
    notice = actions.do_generate_notice(
        request.user,
        inspection,
        audience=audience,
        note_withheld=request.POST.get("note_withheld") == "1",
    )
    label = Notice.Audience(audience).label
    messages.success(request, f"已由台账生成{label}草稿，请核对修改。")
    return redirect("publication:edit", pk=notice.pk)


@login_required
def notice_detail(request, pk: int):
    notice, can_write = get_notice_for_user(request.user, pk)
    doc = notice_document(notice)
    context = {
        "notice": notice,
        "can_write": can_write,
        "can_approve": can_approve(request.user, notice),
        "doc": doc,
        "versions": list(notice.versions.select_related("author")[:20]),
        "missing": actions.publish_problems(notice),
        "attachments": ledger_attachments(notice.inspection),
        "comment_count": notice.comments.count(),
        "window": notice.window_state(timezone.localdate()),
        "return_form": VersionForm(initial={"version": notice.version}),
    }
    return render(request, "publication/notice.html", context)


@login_required
def notice_edit(request, pk: int):
    notice, _ = get_notice_for_user(request.user, pk, write=True)
    if notice.is_published:
        messages.error(request, "通报已发布，不能再修改。")
        return redirect(notice)
    fields = {name: getattr(notice, name) for name in actions.CONTACT_FIELDS}
    initial = {"version": notice.version, "title": notice.title, "body": notice.body, **fields}
    form = NoticeEditForm(request.POST or None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.notice_fields()
        try:
            actions.do_save_notice(
                request.user,
                notice,
                form.cleaned_data["version"],
                title=data.pop("title"),
                body=data.pop("body"),
                **data,
            )
        except actions.StaleNotice as exc:
            # Nothing lost: the form keeps the editor's text; the message explains.
            stale = True
            form.add_error(None, str(exc))
        except actions.NoticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存为第{notice.version}版。")
            return redirect(notice)
    return render(
        request, "publication/edit.html", {"notice": notice, "form": form, "stale": stale}
    )


TRANSITIONS = {
    "submit": ("write", actions.do_submit_notice, "已提交审批。"),
    "approve": ("approve", actions.do_approve_notice, "已审批通过，整改办可以发布。"),
    "return": ("approve", actions.do_return_notice, "已退回整改办修改。"),
    "publish": ("write", actions.do_publish_notice, "通报已发布，公众可在公开页面查看。"),
    "regenerate": ("write", actions.do_regenerate_notice, "已由台账重新生成正文。"),
}


@login_required
@require_POST
def transition(request, pk: int, action: str):
    notice, can_write = get_notice_for_user(request.user, pk)
    if action not in TRANSITIONS:
        return HttpResponseBadRequest("未知操作")
    needs, func, done = TRANSITIONS[action]
    allowed = can_write if needs == "write" else can_approve(request.user, notice)
    if not allowed:
        raise PermissionDenied("您无权进行此操作。")
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("缺少版本号")
    args = [request.user, notice, form.cleaned_data["version"]]
    if action == "return":
        args.append(form.cleaned_data.get("reason") or "")
    try:
        func(*args)
    except actions.NoticeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(notice)


@login_required
def download(request, pk: int, fmt: str):
    notice, _ = get_notice_for_user(request.user, pk)
    if fmt not in FORMATS:
        return HttpResponseBadRequest("不支持的格式")
    try:
        data = render_notice(notice, fmt)
    except (OfficeMissing, ConversionFailed) as exc:
        messages.error(request, str(exc))
        return redirect(notice)
    response = file_download(data, notice_filename(notice, fmt), inline=fmt == "html")
    if fmt == "html":
        allow_style(response, STANDALONE_CSS)
    return response


@login_required
def opinions(request, pk: int):
    """The opinion register of one notice (web form, phone, post, email in one list)."""
    notice, can_write = get_notice_for_user(request.user, pk)
    form = RecordOpinionForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("只有整改办可以登记意见。")
        if form.is_valid():
            comment = actions.do_record_opinion(
                request.user,
                notice,
                channel=form.cleaned_data["channel"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
            )
            messages.success(request, f"已登记，回执码 {comment.receipt_code}。")
            return redirect("publication:opinions", pk=notice.pk)
    qs = (
        comments_for(request.user)
        .filter(notice=notice)
        .select_related("measure__problem", "problem")
        .order_by("-created_at", "-id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "publication/opinions.html",
        {"notice": notice, "can_write": can_write, "form": form, "page": page, "query": ""},
    )


@login_required
def opinion_detail(request, pk: int):
    """One opinion: the office routes and answers it; the unit it was routed to
    drafts the reply (and sees the text only, never the sender's contact)."""
    comment, can_write = get_comment_for_user(request.user, pk)
    can_draft = actions.can_draft_reply(request.user, comment)
    inspection = comment.notice.inspection
    route_form = reply_form = draft_form = None
    if can_write:
        measures = list(
            Measure.objects.filter(problem__inspection=inspection)
            .select_related("problem")
            .order_by("problem__order", "problem_id", "order", "id")
        )
        problems = list(Problem.objects.filter(inspection=inspection).order_by("order", "id"))
        units = units_under(inspection.organisation)
        route_form = RouteForm(
            request.POST if "route" in request.POST else None,
            measures=measures,
            problems=problems,
            units=units,
        )
        answering = request.method == "POST" and not {"route", "draft"} & set(request.POST)
        reply_form = ReplyForm(
            request.POST if answering else None,
            initial={"reply": comment.reply or comment.reply_draft},
        )
    if can_draft:
        draft_form = ReplyForm(
            request.POST if "draft" in request.POST else None,
            initial={"reply": comment.reply_draft},
        )
    if request.method == "POST":
        if not (can_write or can_draft):
            raise PermissionDenied("只有整改办和承办单位可以办理意见。")
        try:
            done = _opinion_step(request, comment, route_form, reply_form, draft_form)
        except actions.NoticeError as exc:
            messages.error(request, str(exc))
        else:
            if done:
                messages.success(request, done)
                return redirect("publication:opinion", pk=comment.pk)
    return render(
        request,
        "publication/opinion.html",
        {
            "comment": comment,
            "can_write": can_write,
            "can_draft": can_draft,
            "route_form": route_form,
            "reply_form": reply_form,
            "draft_form": draft_form,
            "channels": PublicComment.Channel,
        },
    )


@login_required
def opinion_withdraw(request, pk: int):
    """Withdraw an opinion (spam, a second copy): a confirmation page with a reason."""
    comment, can_write = get_comment_for_user(request.user, pk)
    if not can_write:
        raise PermissionDenied("只有整改办可以撤回意见。")
    form = WithdrawForm(request.POST or None, initial={"seen": comment.status})
    return workflow_step(
        request,
        form,
        lambda d: actions.do_withdraw_opinion(
            request.user, comment, reason=d["reason"], seen_status=d["seen"]
        ),
        done=f"已撤回意见 {comment.receipt_code}。记录保留，操作已记入历史。",
        then=reverse("publication:opinions", args=[comment.notice_id]),
        title=f"撤回意见 {comment.receipt_code}",
        back=reverse("publication:opinion", args=[comment.pk]),
        submit="确认撤回",
        intro=f"确认撤回这条意见？\n{comment.text[:200]}\n撤回后它不再出现在意见列表、承办单位的待办、"
        "统计和回执查询中；记录和操作记录都保留，不会删除。",
    )


def _opinion_step(request, comment, route_form, reply_form, draft_form) -> str:
    """Run the step the posted button asks for; the success message, or "" if invalid."""
    user, post = request.user, request.POST
    if "route" in post and route_form is not None and route_form.is_valid():
        measure, problem, unit = route_form.target_objects()
        actions.do_route_opinion(user, comment, measure=measure, problem=problem, unit=unit)
        return "已转办，承办单位将收到待办通知。"
    if "draft" in post and draft_form is not None and draft_form.is_valid():
        actions.do_draft_reply(user, comment, draft_form.cleaned_data["reply"])
        return "拟答复已提交，待整改办审核后答复留言人。"
    if not {"route", "draft"} & set(post) and reply_form is not None and reply_form.is_valid():
        actions.do_reply_opinion(user, comment, reply_form.cleaned_data["reply"])
        return "已答复，留言人可凭回执码查看。"
    return ""


OPINION_TABS = [
    ("received", "待转办"),
    ("routed", "办理中"),
    ("drafted", "答复待审核"),
    ("replied", "已答复"),
]


@login_required
def opinion_tasks(request):
    """意见办理: the opinions waiting on this user, across notices, by status."""
    status = request.GET.get("status") or ("routed" if request.user.role == "unit" else "received")
    qs = (
        comments_for(request.user)
        .filter(status=status)
        .select_related("notice", "measure__problem", "unit")
        .order_by("created_at", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "publication/opinion_tasks.html",
        {"page": page, "query": f"status={status}", "status": status, "tabs": OPINION_TABS},
    )
