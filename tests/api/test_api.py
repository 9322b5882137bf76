"""The REST API: tokens, scoping like the pages, writes through the actions, OpenAPI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openapi_spec_validator import validate

from tests import factories as f
from tests.ledger.files import PDF
from zhenggai.api.actions import do_create_api_token, do_revoke_api_token
from zhenggai.api.models import ApiToken
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import ClosureRequest, Measure

pytestmark = pytest.mark.django_db


def bearer(user, name="同步脚本") -> Client:
    """A client that signs in only with a fresh token of ``user`` (no session)."""
    _, plain = do_create_api_token(user, name=name)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_a_token_is_stored_only_as_its_hash(world):
    token, plain = do_create_api_token(world.unit, name="省巡视数据对接")
    assert plain.startswith("zg_") and len(plain) > 40
    row = ApiToken.objects.get(pk=token.pk)
    assert plain not in (row.digest, row.prefix) and plain.startswith(row.prefix)
    assert not ApiToken.objects.filter(digest__contains=plain[10:20]).exists()
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == world.unit and plain not in json.dumps(event.after)


def test_requests_without_a_valid_token_get_401(world):
    assert Client().get("/api/inspections").status_code == 401
    bad = Client(HTTP_AUTHORIZATION="Bearer zg_not-a-token")
    response = bad.get("/api/inspections")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_a_revoked_token_stops_working_at_once(world):
    token, plain = do_create_api_token(world.unit, name="旧脚本")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.get("/api/inspections").status_code == 200
    do_revoke_api_token(world.unit, token)
    assert client.get("/api/inspections").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    assert ApiToken.objects.filter(pk=token.pk).exists()  # kept as history


def test_a_deactivated_users_token_stops_working(world):
    client = bearer(world.unit)
    world.unit.is_active = False
    world.unit.save(update_fields=["is_active"])
    assert client.get("/api/inspections").status_code == 401


def test_token_use_is_recorded_without_a_write_per_request(world, django_assert_num_queries):
    token, plain = do_create_api_token(world.unit, name="x")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    client.get("/api/inspections")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    client.get("/api/inspections")
    token.refresh_from_db()
    assert token.last_used_at == first_use


def test_unit_contact_sees_only_its_own_measures_with_lights(world):
    data = bearer(world.unit).get(f"/api/inspections/{world.inspection.pk}/measures").json()
    ids = {m["id"] for m in data["items"]}
    # Leads `measure`, co-leads `co_measure`; `finance_measure` is another unit's.
    assert ids == {world.measure.pk, world.co_measure.pk}
    assert data["count"] == 2
    assert all(m["light"] in {"red", "yellow", "green"} for m in data["items"])
    row = next(m for m in data["items"] if m["id"] == world.co_measure.pk)
    assert row["lead_unit"]["name"] == "财政所" and row["co_units"] == [
        {"id": world.agri.pk, "name": "农业办"}
    ]


def test_outsiders_get_404_for_another_towns_objects(world):
    client = bearer(world.outsider)
    assert client.get(f"/api/inspections/{world.inspection.pk}").status_code == 404
    assert client.get(f"/api/measures/{world.measure.pk}").status_code == 404
    listed = client.get("/api/inspections").json()["items"]
    assert [i["id"] for i in listed] == [world.other_inspection.pk]


def test_red_filter_and_pagination(world):
    client = bearer(world.office)
    url = f"/api/inspections/{world.inspection.pk}/measures"
    red_before = client.get(url, {"light": "red"}).json()["count"]
    for i in range(55):
        f.measure(
            world.problem, world.agri, world.leader, text=f"措施{i}", deadline=dt.date(2020, 1, 1)
        )
    first = client.get(url, {"light": "red"}).json()
    assert first["count"] == red_before + 55 and len(first["items"]) == 50
    assert {m["light"] for m in first["items"]} == {"red"}
    second = client.get(url, {"light": "red", "page": 2}).json()
    assert len(second["items"]) == red_before + 5
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in second["items"]}


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    for i in range(30):
        f.measure(world.problem, world.agri, world.leader, text=f"措施{i}")
    client = bearer(world.office)
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/inspections/{world.inspection.pk}/measures").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/inspections/{world.inspection.pk}/problems").status_code == 200


def test_problems_carry_their_derived_status(world):
    data = bearer(world.office).get(f"/api/inspections/{world.inspection.pk}/problems").json()
    assert [(p["code"], p["status"]) for p in data["items"]] == [("问题1", "in_progress")]


def test_progress_posted_through_the_api_is_the_forms_action(world):
    client = bearer(world.unit)
    response = client.post(
        f"/api/measures/{world.measure.pk}/progress",
        {
            "date": "2026-11-20",
            "text": "接口报送：清查完成",
            "figures": "清理合同 12 宗",
            "version": world.measure.version,
            "files": [SimpleUploadedFile("清单.pdf", PDF)],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["figures"] == [{"label": "清理合同", "value": 12, "unit": "宗"}]
    assert body["author"]["id"] == world.unit.pk
    assert Measure.objects.get(pk=world.measure.pk).status == Measure.Status.IN_PROGRESS
    event = AuditEvent.objects.get(action="measure.progress")
    assert event.actor == world.unit and event.after["files"] == 1
    evidence = client.get(f"/api/measures/{world.measure.pk}/evidence").json()["items"]
    assert [e["original_name"] for e in evidence] == ["清单.pdf"]
    assert evidence[0]["download_url"] == f"/evidence/{evidence[0]['id']}/"
    progress = client.get(f"/api/measures/{world.measure.pk}/progress").json()["items"]
    assert progress[0]["text"] == "接口报送：清查完成"


def test_a_stale_version_is_refused_with_409_and_nothing_saved(world):
    response = bearer(world.unit).post(
        f"/api/measures/{world.measure.pk}/progress",
        {"date": "2026-11-20", "text": "晚到的报送", "version": world.measure.version - 1},
    )
    assert response.status_code == 409 and "已被他人修改" in response.json()["detail"]
    assert not world.measure.updates.exists()


def test_refusals_of_the_workflow_are_400_with_the_reason(world):
    client = bearer(world.unit)
    response = client.post(
        f"/api/measures/{world.measure.pk}/progress",
        {"date": "2099-01-01", "text": "未来的进展"},
    )
    assert response.status_code == 400 and "不能晚于今天" in response.json()["detail"]
    response = client.post(
        f"/api/measures/{world.measure.pk}/progress",
        {"date": "2026-11-20", "text": "x", "figures": "没有数字"},
    )
    assert response.status_code == 400 and "第1行" in response.json()["detail"]


def test_read_only_users_get_403_on_writes(world):
    response = bearer(world.oversight).post(
        f"/api/measures/{world.measure.pk}/progress", {"date": "2026-11-20", "text": "x"}
    )
    assert response.status_code == 403


def test_closure_request_through_the_api(world):
    response = bearer(world.unit).post(
        f"/api/measures/{world.measure.pk}/closure",
        {"note": "全部合同已清查", "files": [SimpleUploadedFile("验收.pdf", PDF)]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["stage"] == ClosureRequest.Stage.PENDING_REVIEW
    measure = Measure.objects.get(pk=world.measure.pk)
    assert measure.status == Measure.Status.CLOSURE_REQUESTED
    assert AuditEvent.objects.filter(action="closure.request", actor=world.unit).exists()


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.unit)
    assert client.get(f"/api/measures/{world.measure.pk}").status_code == 200
    response = client.post(
        f"/api/measures/{world.measure.pk}/progress", {"date": "2026-11-20", "text": "x"}
    )
    assert response.status_code == 403
    assert not world.measure.updates.exists()


def test_registers_are_scoped_to_the_users_problems(world):
    from zhenggai.ledger.models import Regulation

    mine = Regulation.objects.create(inspection=world.inspection, title="《合同管理办法》")
    mine.problems.add(world.problem)
    other_problem = f.problem(world.inspection, "另一个问题")
    theirs = Regulation.objects.create(inspection=world.inspection, title="《财务制度》")
    theirs.problems.add(other_problem)
    url = f"/api/inspections/{world.inspection.pk}/registers"
    office = bearer(world.office).get(url).json()
    assert {r["title"] for r in office["regulations"]} == {"《合同管理办法》", "《财务制度》"}
    unit = bearer(world.unit).get(url).json()
    assert [r["title"] for r in unit["regulations"]] == ["《合同管理办法》"]
    assert unit["regulations"][0]["problem_ids"] == [world.problem.pk]


def test_openapi_document_is_valid_openapi_3(world, client):
    client.force_login(world.unit)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/measures/{pk}/progress" in document["paths"]
    assert set(document["paths"]["/api/measures/{pk}/progress"]) == {"get", "post"}
    assert client.get("/api/docs").status_code == 200


def test_token_page_shows_a_new_token_once_and_lists_them(world, client):
    client.force_login(world.unit)
    response = client.post("/settings/api-tokens/", {"name": "省巡视数据对接"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=world.unit)
    plain = page.split('id="new-token">')[1].split("<")[0]
    assert plain.startswith(token.prefix) and response["Cache-Control"] == "no-store"
    again = client.get("/settings/api-tokens/").content.decode()
    assert "省巡视数据对接" in again and token.prefix in again and plain not in again
    # Another user's token is not theirs to revoke, nor visible.
    other = Client()
    other.force_login(world.other_unit)
    assert other.post(f"/settings/api-tokens/{token.pk}/revoke/").status_code == 404
    assert "省巡视数据对接" not in other.get("/settings/api-tokens/").content.decode()
    client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "已于" in client.get("/settings/api-tokens/").content.decode()
