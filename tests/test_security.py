"""Secure defaults: password policy, login throttling, headers."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["short1A", "alllowercaseletters", "abcdefgh12"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_mixed_password_of_eight_characters_is_accepted():
    validate_password("Qingshan-2026")


def test_login_is_locked_after_five_failures(client, world, settings):
    settings.AXES_ENABLED = True
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "office", "password": "wrong"})
    response = client.post(url, {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()


def test_pages_send_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.cookies.get("csrftoken") is not None


@override_settings(SESSION_COOKIE_HTTPONLY=True)
def test_session_cookie_is_http_only(client, world):
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.cookies["sessionid"]["httponly"]


def test_login_locks_a_username_guessed_from_many_addresses(world, settings):
    """20 addresses × 4 guesses used to never lock an account (issue 12)."""
    from django.test import Client

    settings.AXES_ENABLED = True
    url = reverse("login")
    for n in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            url, {"username": "office", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="198.51.100.99").post(
        url, {"username": "office", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_every_page_sends_a_csp_without_unsafe_inline(client, world, login):
    for page in (reverse("login"), "/public/"):
        policy = client.get(page)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    policy = login(world.office).get(reverse("home"))["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "object-src 'none'" in policy


def test_templates_carry_no_inline_script_handler_or_style():
    """What the CSP would block must not be in a template in the first place."""
    import re
    from pathlib import Path

    import zhenggai

    pattern = re.compile(r"\son[a-z]+=|\sstyle=|<style|<script(?![^>]*\b(src|type)=)|javascript:")
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in Path(zhenggai.__file__).parent.rglob("*.html")
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []


def test_an_oversized_upload_is_aborted_while_streaming(login, world, settings):
    """The request is refused once a file passes the limit, before it is read whole."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.lib import uploads

    settings.ZHENGGAI = {**settings.ZHENGGAI, "EVIDENCE_MAX_BYTES": 256 * 1024}
    seen: list[int] = []
    receive = uploads.LimitedUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        seen.append(start + len(raw_data))
        return receive(self, raw_data, start)

    uploads.LimitedUploadHandler.receive_data_chunk = spy
    try:
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024))
        response = login(world.unit).post(
            reverse("ledger:progress", args=[world.measure.pk]),
            {"date": "2026-01-05", "text": "附件很大", "files": big},
        )
    finally:
        uploads.LimitedUploadHandler.receive_data_chunk = receive
    assert response.status_code == 413
    assert "上传已中止" in response.content.decode()
    assert max(seen) < 1024 * 1024  # stopped at the limit, not after 4 MB
    from zhenggai.ledger.models import ProgressUpdate

    assert not ProgressUpdate.objects.exists()
