"""Uploaded files on an S3-compatible store: a real local S3 server (moto in server mode,
its own process on a free port), reached through the settings a deployment sets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.ledger.files import PDF
from tests.ops.helpers import free_port, wait_until_answering
from zhenggai import settings as project_settings

BUCKET = "zhenggai-files"


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answering(port, server, "/")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """The default storage configured exactly as settings.py does from the environment."""
    env = {
        "ZG_S3_BUCKET": BUCKET,
        "ZG_S3_ENDPOINT_URL": s3_server,
        "ZG_S3_REGION": "us-east-1",
        "ZG_S3_ACCESS_KEY_ID": "testing",
        "ZG_S3_SECRET_ACCESS_KEY": "testing",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": project_settings._file_storage()}
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    if BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket=BUCKET)
    return client


def _keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_settings_choose_s3_only_when_a_bucket_is_set(monkeypatch):
    monkeypatch.delenv("ZG_S3_BUCKET", raising=False)
    assert project_settings._file_storage()["BACKEND"].endswith("FileSystemStorage")
    monkeypatch.setenv("ZG_S3_BUCKET", "b")
    assert project_settings._file_storage()["BACKEND"] == "storages.backends.s3.S3Storage"


@pytest.mark.django_db
def test_evidence_uploaded_through_the_form_lives_in_s3_and_downloads_back(s3, login, world):
    client = login(world.unit)
    content = PDF + b"%s3-evidence"
    response = client.post(
        reverse("ledger:progress", args=[world.measure.pk]),
        {
            "date": "2026年11月20日",
            "text": "清查完成",
            "files": [SimpleUploadedFile("清单.pdf", content)],
        },
    )
    assert response.status_code == 302
    evidence = world.measure.evidence.get()
    assert evidence.file.name in _keys(s3)
    assert s3.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read() == content

    response = login(world.office).get(reverse("ledger:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "%E6%B8%85%E5%8D%95.pdf" in response["Content-Disposition"]  # 清单.pdf


@pytest.mark.django_db
def test_healthz_checks_the_s3_store(s3, client):
    before = set(_keys(s3))
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["storage"] == "ok"
    assert set(_keys(s3)) == before  # the probe is removed again


@pytest.mark.django_db
def test_unreachable_s3_store_makes_healthz_fail(s3, client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
            },
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["storage"] == "error"


@pytest.mark.django_db
def test_a_staged_ledger_import_is_kept_in_s3_and_read_back_from_it(s3, world):
    from tests.exchange.helpers import workbook_bytes
    from zhenggai.exchange import actions

    data = workbook_bytes(
        [[1, "作风方面", "会议过多", "精简会议", "", "农业办", "", "", "", "", ""]]
    )
    job = actions.do_stage_import(world.office, world.inspection, name="台账.xlsx", data=data)
    assert job.file.name in _keys(s3)
    assert actions.load_plan(job) is not None  # re-read from the store, not from memory
