"""`zhenggai serve`: refuses unsafe settings, and really serves from the installed command."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.helpers import free_port, wait_until_answering
from zhenggai.web import serving

# The console script installed with the package (what systemd and the README run).
ZHENGGAI = str(Path(sys.executable).with_name("zhenggai"))


def production_env(tmp_path, **overrides) -> dict:
    """A clean environment as a deployment gives it: nothing inherited but PATH and HOME."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "ZHENGGAI_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Production refuses to start without the audit chain's key (zhenggai.E001).
        "CHAIN_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1,zhenggai.example.gov.cn",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def zhenggai(*args, env, timeout=120):
    return subprocess.run(
        [ZHENGGAI, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def get(port: int, path: str, host: str = "127.0.0.1"):
    # Generous: the first requests of a fresh worker compile templates on a busy CI machine.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    conn.request("GET", path, headers={"Host": host})
    response = conn.getresponse()
    return response.status, response.getheader("Content-Type"), response.read()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG 已开启"),
        ({"SECRET_KEY": None}, "未设置密钥"),
        ({"SECRET_KEY": None, "SECRET_KEY_FILE": "/nonexistent/secret"}, "未设置密钥"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS 为空"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS 为空"),
    ],
)
def test_serve_refuses_to_start_with_unsafe_settings(tmp_path, overrides, message):
    result = zhenggai("serve", "--bind", "127.0.0.1:0", env=production_env(tmp_path, **overrides))
    assert result.returncode != 0
    assert "拒绝启动" in result.stderr and message in result.stderr


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    result = zhenggai("serve", env=production_env(tmp_path))
    assert result.returncode != 0
    assert "zhenggai migrate" in result.stderr


def test_worker_count_follows_the_cores():
    assert serving.default_workers(1) == 3
    assert serving.default_workers(2) == 5
    assert serving.default_workers(64) == 17


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = production_env(tmp_path, ZHENGGAI_SECURE="1")
    result = zhenggai("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_installed_command_serves_healthz_and_pages_then_stops(tmp_path):
    env = production_env(tmp_path)
    migrated = zhenggai("migrate", "--noinput", env=env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = subprocess.Popen(
        [ZHENGGAI, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=tmp_path,  # not the source tree: the installed package must be enough
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_answering(port, server, "/healthz")
        status, content_type, body = get(port, "/healthz")
        assert status == 200 and content_type == "application/json"
        assert json.loads(body) == {"status": "ok", "database": "ok", "storage": "ok"}
        status, _, body = get(port, "/login/", host="zhenggai.example.gov.cn")
        assert status == 200 and "登录" in body.decode()
        # Static files are served by the app server itself (WhiteNoise).
        status, _, _ = get(port, "/static/vendor/htmx.min.js")
        assert status == 200
        # An unknown host is refused, not served; the health check answers any address.
        status, _, _ = get(port, "/login/", host="evil.example.com")
        assert status == 400
        status, _, _ = get(port, "/healthz", host="10.0.0.7:8000")
        assert status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "整改系统启动" in output
