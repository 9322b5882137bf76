"""The public portal: no login, the window, the opinion form and the receipt code."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenggai.audit.models import AuditEvent
from zhenggai.publication import actions
from zhenggai.publication.models import Notice, PublicComment

pytestmark = pytest.mark.django_db


def post_opinion(client, notice, **data):
    data.setdefault("text", "村口的路灯坏了两个月，请尽快修复。")
    return client.post(reverse("public:notice", args=[notice.pk]), data, REMOTE_ADDR="10.0.0.7")


def test_index_lists_published_notices_by_organisation_only(client, world, published):
    actions.do_generate_notice(world.office, world.inspection)  # a draft: not shown
    page = client.get(reverse("public:index")).content.decode()
    assert page.count(published.title) == 1
    assert world.town.name in page


def test_drafts_are_not_public(client, world):
    draft = actions.do_generate_notice(world.office, world.inspection)
    assert client.get(reverse("public:notice", args=[draft.pk])).status_code == 404


def test_notice_page_shows_text_attachments_and_the_form_during_the_window(client, published):
    page = client.get(reverse("public:notice", args=[published.pk])).content.decode()
    assert "集体资产租赁管理不规范" in page
    assert 'name="viewport"' in page
    assert "公开期限：" in page and 'id="opinion-form"' in page
    assert "通报全文（Word）" in page


def test_an_opinion_returns_an_unguessable_receipt_code(client, world, published):
    response = post_opinion(client, published, measure=world.measure.pk, contact="138****0000")
    assert response.status_code == 200
    comment = PublicComment.objects.get()
    assert comment.receipt_code in response.content.decode()
    assert len(comment.receipt_code) == 10
    assert set(comment.receipt_code) <= set(actions.RECEIPT_ALPHABET)
    assert comment.measure == world.measure and comment.problem == world.problem
    assert comment.channel == PublicComment.Channel.WEB
    assert comment.ip_hash and "10.0.0.7" not in comment.ip_hash
    assert AuditEvent.objects.filter(action="opinion.submit").exists()


def test_receipt_codes_differ():
    codes = {actions.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200


def test_script_payload_is_escaped_everywhere_it_is_shown(client, world, login, published):
    payload = "<script>alert('x')</script>整改意见"
    post_opinion(client, published, text=payload, contact="<img src=x onerror=alert(1)>")
    comment = PublicComment.objects.get()
    receipt = client.get(reverse("public:receipt"), {"code": comment.receipt_code}).content.decode()
    assert "<script>alert" not in receipt and "&lt;script&gt;" in receipt
    staff = login(world.office)
    for url in (
        reverse("publication:opinions", args=[published.pk]),
        reverse("publication:opinion", args=[comment.pk]),
    ):
        page = staff.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page


def test_honeypot_looks_like_success_and_stores_nothing(client, published):
    response = post_opinion(client, published, website="http://spam.example")
    assert response.status_code == 200
    assert PublicComment.objects.count() == 0


def test_size_limits(client, published):
    response = post_opinion(client, published, text="长" * 2001)
    assert response.status_code == 400
    assert "不能超过2000字" in response.content.decode()
    response = post_opinion(client, published, contact="1" * 101)
    assert response.status_code == 400
    assert PublicComment.objects.count() == 0


def test_rate_limit_per_sender(client, published, settings):
    settings.ZHENGGAI = {**settings.ZHENGGAI, "PUBLIC_OPINIONS_PER_HOUR": 2}
    assert post_opinion(client, published).status_code == 200
    assert post_opinion(client, published).status_code == 200
    response = post_opinion(client, published)
    assert response.status_code == 429 and "太频繁" in response.content.decode()
    assert PublicComment.objects.count() == 2
    other = client.post(
        reverse("public:notice", args=[published.pk]),
        {"text": "另一位群众的意见建议"},
        REMOTE_ADDR="10.0.0.8",
    )
    assert other.status_code == 200


def test_after_the_window_the_notice_stays_readable_and_the_form_is_closed(client, published):
    today = timezone.localdate()
    Notice.objects.filter(pk=published.pk).update(
        disclosure_start=today - dt.timedelta(days=20), disclosure_end=today - dt.timedelta(days=6)
    )
    response = client.get(reverse("public:notice", args=[published.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "集体资产租赁管理不规范" in page
    assert "opinion-form" not in page and "网上留言已关闭" in page
    assert post_opinion(client, published).status_code == 403
    assert PublicComment.objects.count() == 0


def test_before_the_window_the_form_is_not_open(client, published):
    today = timezone.localdate()
    Notice.objects.filter(pk=published.pk).update(
        disclosure_start=today + dt.timedelta(days=2), disclosure_end=today + dt.timedelta(days=16)
    )
    page = client.get(reverse("public:notice", args=[published.pk])).content.decode()
    assert "opinion-form" not in page and "届时可在此提出意见建议" in page


def test_receipt_page_shows_status_then_reply(client, world, login, published):
    post_opinion(client, published)
    comment = PublicComment.objects.get()
    url = reverse("public:receipt")
    typed = " " + comment.receipt_code[:5].lower() + "-" + comment.receipt_code[5:] + " "
    page = client.get(url, {"code": typed}).content.decode()
    assert "已收到" in page and "尚未答复" in page
    staff = login(world.office)
    staff.post(
        reverse("publication:opinion", args=[comment.pk]),
        {"route": "1", "target": f"m{world.measure.pk}"},
    )
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.ROUTED and comment.measure == world.measure
    staff.post(
        reverse("publication:opinion", args=[comment.pk]), {"reply": "已安排维修，本周内完成。"}
    )
    client.logout()
    page = client.get(url, {"code": comment.receipt_code}).content.decode()
    assert "已答复" in page and "已安排维修，本周内完成。" in page
    assert {"opinion.route", "opinion.reply"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_unknown_receipt_code(client):
    page = client.get(reverse("public:receipt"), {"code": "ZZZZZZZZZZ"}).content.decode()
    assert "没有找到该回执码" in page


def test_staff_record_a_phone_opinion_in_the_same_register(world, login, published):
    staff = login(world.office)
    staff.post(
        reverse("publication:opinions", args=[published.pk]),
        {"channel": "phone", "text": "来电反映河道仍有垃圾", "contact": "王先生"},
    )
    comment = PublicComment.objects.get()
    assert comment.channel == PublicComment.Channel.PHONE and comment.recorded_by == world.office
    page = staff.get(reverse("publication:opinions", args=[published.pk])).content.decode()
    assert "来电反映河道仍有垃圾" in page and "电话" in page


def test_read_only_users_cannot_record_or_answer(world, login, published):
    comment = actions.do_submit_opinion(published, text="一条意见建议内容")
    oversight = login(world.oversight)
    r = oversight.post(reverse("publication:opinion", args=[comment.pk]), {"reply": "不该成功"})
    assert r.status_code == 403
    r = oversight.post(
        reverse("publication:opinions", args=[published.pk]),
        {"channel": "post", "text": "信件内容"},
    )
    assert r.status_code == 403


def test_a_published_notice_attaches_each_villages_ledger_fixed_at_publication(world, client):
    import io

    from openpyxl import load_workbook

    from tests import factories as f
    from tests.test_permission_matrix import _public_attachment

    args = _public_attachment(world)
    url = reverse("public:attachment", kwargs=args)
    page = client.get(reverse("public:notice", args=[args["pk"]])).content.decode()
    assert url in page
    first = b"".join(client.get(url).streaming_content)
    assert load_workbook(io.BytesIO(first)).active.max_row >= 2
    # The live ledger changes after publication; the published attachment does not.
    f.measure(world.problem, world.village, text="发布后新增的措施")
    assert b"".join(client.get(url).streaming_content) == first
    # A unit that is not an attachment of this notice is not served.
    missing = reverse("public:attachment", args=[args["pk"], world.agri.pk])
    assert client.get(missing).status_code == 404
