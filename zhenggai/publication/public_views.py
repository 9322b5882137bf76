"""The public portal (no login): published notices, the opinion form, the receipt page.

Everything a visitor types is shown back only through Django's autoescaping
templates. Opinions are limited per sender (a keyed hash of the address, counted
in the database) and a honeypot field turns away simple bots.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from zhenggai.ledger.models import Measure

from . import actions
from .access import published_notices
from .forms import OpinionForm, ReceiptForm
from .generate import notice_document
from .models import PublicComment


def index(request):
    """Published notices, grouped by organisation."""
    qs = (
        published_notices()
        .select_related("inspection__organisation")
        .order_by("inspection__organisation__path", "-published_at", "-id")
    )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for n in page.object_list:
        n.window = n.window_state(today)
    return render(
        request,
        "publication/public/index.html",
        {"notices": page.object_list, "page": page, "query": ""},
    )


def _get_published(pk: int):
    notice = published_notices().select_related("inspection__organisation").filter(pk=pk).first()
    if notice is None:
        raise Http404("没有找到该通报。")
    return notice


@never_cache
@csrf_protect
def notice(request, pk: int):
    """One published notice, readable on a phone; the opinion form while the window is open."""
    notice = _get_published(pk)
    window = notice.window_state(timezone.localdate())
    # What was published: measures that existed when the notice was published, not ones
    # the office added to the live ledger since.
    published = Measure.objects.filter(problem__inspection_id=notice.inspection_id)
    if notice.published_at is not None:
        published = published.filter(created_at__lte=notice.published_at)
    measures = list(
        published.select_related("problem").order_by("problem__order", "problem_id", "order", "id")
    )
    form = OpinionForm(request.POST or None, measures=measures)
    status = 200
    if request.method == "POST":
        if window != "open":
            form.add_error(None, "公开期限已过（或尚未开始），网上留言已关闭。")
            status = 403
        elif form.is_bot():
            # Look like success to the bot; store nothing.
            return render(
                request, "publication/public/thanks.html", {"notice": notice, "code": None}
            )
        elif form.is_valid():
            try:
                comment = actions.do_submit_opinion(
                    notice,
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                    measure=form.measure_obj(),
                    hashed_ip=actions.ip_hash(request.META.get("REMOTE_ADDR", "")),
                )
            except actions.NoticeError as exc:
                form.add_error(None, str(exc))
                status = 429 if isinstance(exc, actions.RateLimited) else 403
            else:
                return render(
                    request,
                    "publication/public/thanks.html",
                    {"notice": notice, "code": comment.receipt_code},
                )
        else:
            status = 400
    context = {
        "notice": notice,
        "doc": notice_document(notice),
        "window": window,
        "form": form,
        "attachments": list(notice.attachments.all()),
    }
    return render(request, "publication/public/notice.html", context, status=status)


def notice_file(request, pk: int):
    """The published Word file, as fixed at publication."""
    notice = _get_published(pk)
    if not notice.published_file:
        raise Http404("该通报没有可下载的文件。")
    return FileResponse(
        notice.published_file.open("rb"), as_attachment=True, filename=f"notice-{notice.pk}.docx"
    )


def attachment(request, pk: int, unit_pk: int):
    """附件: a sub-unit's ledger exactly as it was fixed when the notice was published."""
    notice = _get_published(pk)
    item = notice.attachments.filter(unit_id=unit_pk).first()
    if item is None:
        raise Http404("该通报没有这个附件。")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=f"{item.title}.xlsx")


@never_cache
def receipt(request):
    """Follow an opinion with its receipt code: status and reply, nothing else."""
    form = ReceiptForm(request.GET or None)
    comment = None
    searched = False
    if form.is_valid():
        searched = True
        code = actions.normalize_receipt_code(form.cleaned_data["code"])
        comment = (
            PublicComment.objects.select_related("notice").filter(receipt_code=code).first()
            if code
            else None
        )
    response: HttpResponse = render(
        request,
        "publication/public/receipt.html",
        {"form": form, "comment": comment, "searched": searched},
    )
    # The code is the only key to the opinion: keep it out of referrers.
    response["Referrer-Policy"] = "no-referrer"
    return response
