"""`/healthz`: database and storage reachable, for load balancers; says nothing more."""

from __future__ import annotations

import json

import pytest


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_leaves_no_file_behind(client, settings, tmp_path):
    client.get("/healthz")
    media = tmp_path / "media"
    assert not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_unreachable_storage_is_503_without_the_reason(client, settings, tmp_path, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "storage": "error"}
    assert str(tmp_path) not in response.content.decode()
    assert "storage check failed" in caplog.text


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_answers_any_host_over_plain_http(client, settings):
    """Health checks come by address and without TLS from inside; pages do not."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["zhenggai.example.gov.cn"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/login/", HTTP_HOST="zhenggai.example.gov.cn").status_code == 301
