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
