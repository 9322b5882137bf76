"""Every model is reachable in the admin, and its list page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

APPS = {
    "orgs", "inspections", "ledger", "oversight", "publication", "audit", "notify", "exchange",
    "api",
}  # fmt: skip


def test_every_model_is_registered_in_the_admin():
    missing = [
        m.__name__
        for m in apps.get_models()
        if m._meta.app_label in APPS and m not in admin.site._registry
    ]
    assert not missing


@pytest.mark.django_db
def test_every_admin_list_page_opens(world, client):
    client.force_login(world.admin)
    for model in admin.site._registry:
        if model._meta.app_label in APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


# ------------------------------------------------------------------ no back door
# Workflow records change only through do_* actions (which write the audit chain);
# in the admin they are view-only, for every user including superusers.
WORKFLOW = {
    "inspections.aspect",
    "inspections.problem",
    "inspections.noticeimport",
    "ledger.measure",
    "ledger.milestone",
    "ledger.progressupdate",
    "ledger.evidence",
    "ledger.closurerequest",
    "ledger.recheck",
    "ledger.regulation",
    "ledger.accountability",
    "ledger.recovery",
    "oversight.supervision",
    "oversight.supervisionattachment",
    "oversight.bulletin",
    "oversight.lightchange",
    "oversight.figuressnapshot",  # figures kept for the day, written by their computation
    "ledger.lightsday",  # the day the tick stored every light
    "publication.notice",
    "publication.noticeversion",
    "publication.noticeattachment",
    "publication.publiccomment",
    "notify.outboundmessage",
    "audit.auditevent",
    "audit.chainverification",
    "exchange.ledgerimport",
    "api.apitoken",  # made and revoked by their owners through audited actions
    "notify.notification",
    "publication.contactdetails",
    "publication.rectificationreport",
    "oversight.spotcheck",
    "oversight.spotcheckitem",
    "oversight.findingnote",
    "oversight.selfchecktask",
}
# Configuration an administrator does edit in the admin.
CONFIGURATION = {
    "orgs.organisation",
    "orgs.user",
    "inspections.inspection",
    "notify.preference",
    "notify.orgwebhook",
    "oversight.escalationpolicy",
}


def _project_models():
    return {m._meta.label_lower: m for m in admin.site._registry if m._meta.app_label in APPS}


def test_every_admin_model_is_either_a_workflow_record_or_configuration():
    assert set(_project_models()) == WORKFLOW | CONFIGURATION


def test_workflow_records_are_read_only_in_the_admin_even_for_a_superuser(rf, world):
    request = rf.get("/admin/")
    request.user = world.admin
    for label in WORKFLOW:
        model_admin = admin.site._registry[_project_models()[label]]
        assert model_admin.has_view_permission(request), label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


@pytest.fixture
def every_record(world):
    """At least one row of most workflow models, made the way the app makes them."""
    import datetime as dt

    from tests.ledger.files import PDF
    from tests.oversight.helpers import attachment
    from zhenggai.audit.integrity import verify_history
    from zhenggai.ledger import actions
    from zhenggai.ledger.models import Milestone
    from zhenggai.oversight.bulletins import do_generate_bulletin
    from zhenggai.oversight.models import LightChange
    from zhenggai.publication.actions import do_generate_notice

    actions.do_post_progress(
        world.unit,
        world.measure,
        date=dt.date(2026, 7, 1),
        text="已清查",
        files=[actions.Upload("清单.pdf", PDF)],
    )
    Milestone.objects.create(measure=world.measure, title="清查", due=dt.date(2026, 8, 1))
    world.measure.refresh_from_db()
    actions.do_request_closure(world.unit, world.measure, note="已完成")
    actions.do_add_regulation(world.office, world.inspection, title="《租赁管理办法》", kind="new")
    attachment(world)
    do_generate_notice(world.office, world.inspection)
    LightChange.objects.create(measure=world.measure, date=dt.date(2026, 7, 1), light="green")
    do_generate_bulletin(world.office, world.inspection, dt.date(2026, 7, 1), on_demand=True)
    verify_history()
    return world


def test_an_administrators_change_or_delete_through_the_admin_is_refused(every_record, client):
    from zhenggai.audit.models import AuditEvent

    client.force_login(every_record.admin)
    tried = set()
    events = AuditEvent.objects.count()
    for label in sorted(WORKFLOW):
        model = _project_models()[label]
        obj = model._default_manager.order_by("pk").first()
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.post(reverse(f"{name}_add"), {}).status_code == 403, label
        if obj is None:
            continue
        tried.add(label)
        assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, label
        assert client.post(reverse(f"{name}_change", args=[obj.pk]), {}).status_code == 403, label
        assert (
            client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code
            == 403
        )
        changelist = client.post(
            reverse(f"{name}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert changelist.status_code in (200, 302), label
        assert model._default_manager.filter(pk=obj.pk).exists(), label
    assert AuditEvent.objects.count() == events
    assert {
        "ledger.measure",
        "ledger.evidence",
        "ledger.progressupdate",
        "ledger.closurerequest",
        "publication.notice",
        "publication.noticeversion",
        "oversight.lightchange",
        "oversight.bulletin",
        "audit.auditevent",
    } <= tried


def test_an_administrator_corrects_a_typo_with_a_reason_and_an_audit_event(world, client):
    from zhenggai.audit.integrity import verify_history
    from zhenggai.audit.models import AuditEvent

    client.force_login(world.admin)
    change = reverse("admin:ledger_measure_change", args=[world.measure.pk])
    url = reverse("admin:ledger_measure_correct", args=[world.measure.pk, "text"])
    assert url in client.get(change).content.decode()
    refused = client.post(url, {"text": "清查全部租凭合同", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    response = client.post(url, {"text": "清查全部租赁合同（含口头协议）", "reason": "漏字"})
    assert response.status_code == 302
    world.measure.refresh_from_db()
    assert world.measure.text == "清查全部租赁合同（含口头协议）" and world.measure.version == 2
    event = AuditEvent.objects.get(action="measure.correct")
    assert event.actor == world.admin and event.note == "更正：漏字"
    assert event.before == {"text": "清查全部租赁合同"}
    assert verify_history().ok

    problem_url = reverse("admin:inspections_problem_correct", args=[world.problem.pk, "title"])
    assert client.post(problem_url, {"text": "题" * 501, "reason": "x"}).status_code == 200
    assert (
        client.post(problem_url, {"text": "集体资产租赁管理不规范。", "reason": "标点"}).status_code
        == 302
    )
    assert AuditEvent.objects.filter(action="problem.correct").count() == 1


def test_only_an_administrator_may_correct_in_the_admin(world, client):
    world.office.is_staff = True
    world.office.save(update_fields=["is_staff"])
    client.force_login(world.office)
    url = reverse("admin:ledger_measure_correct", args=[world.measure.pk, "text"])
    assert client.post(url, {"text": "改", "reason": "x"}).status_code == 403
    client.force_login(world.admin)
    assert (
        client.post(
            reverse("admin:ledger_measure_correct", args=[world.measure.pk, "status"]), {}
        ).status_code
        == 403
    )


def test_a_correction_needs_a_reason_and_a_change():
    from zhenggai.lib.corrections import checked_correction
    from zhenggai.lib.errors import WorkflowError

    assert checked_correction("租凭", " 租赁 ", " 错别字 ") == ("租赁", "错别字")
    for before, text, reason, message in [
        ("租凭", "租赁", " ", "原因"),
        ("租凭", "租凭", "x", "没有变化"),
        ("租凭", "", "x", "不能为空"),
    ]:
        with pytest.raises(WorkflowError, match=message):
            checked_correction(before, text, reason)
    assert checked_correction("多余的描述", "", "删去", may_be_empty=True) == ("", "删去")
