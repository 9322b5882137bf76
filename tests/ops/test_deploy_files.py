"""deploy/: the service files name commands and settings that exist."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ZHENGGAI = str(Path(sys.executable).with_name("zhenggai"))


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def sub_commands() -> set[str]:
    """Every `zhenggai <command>` the units and the container run."""
    lines = [
        line
        for p in DEPLOY.iterdir()
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith(("Exec", "CMD"))
    ]
    return set(re.findall(r"zhenggai ([a-z][a-z-]*)", "\n".join(lines)))


def test_the_deploy_files_run_serve_migrate_and_tick():
    assert sub_commands() == {"serve", "migrate", "tick"}


@pytest.mark.parametrize("command", sorted(sub_commands()))
def test_every_command_the_deploy_files_run_exists(command):
    result = subprocess.run(
        [ZHENGGAI, command, "--help"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_units_run_as_the_service_user_with_the_environment_file():
    for name in ("zhenggai.service", "zhenggai-tick.service", "zhenggai-lights.service"):
        service = unit(name)["Service"]
        assert service["User"] == "zhenggai"
        assert service["EnvironmentFile"] == "/etc/zhenggai/zhenggai.env"
        assert service["ReadWritePaths"] == "/var/lib/zhenggai"
    assert unit("zhenggai-tick.service")["Service"]["ExecStart"].endswith("zhenggai tick")
    lights = unit("zhenggai-lights.service")["Service"]["ExecStart"]
    assert lights.endswith("zhenggai tick --lights-only")
    for name in ("zhenggai-tick.timer", "zhenggai-lights.timer"):
        assert unit(name)["Timer"]["Persistent"] == "true"
    assert "serve" in unit("zhenggai.service")["Service"]["ExecStart"]


def test_every_setting_in_the_example_environment_is_read_by_the_settings():
    settings_source = (ROOT / "zhenggai" / "settings.py").read_text(encoding="utf-8")
    example = (DEPLOY / "zhenggai.env.example").read_text(encoding="utf-8")
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE)
    assert "ALLOWED_HOSTS" in names and "ZG_S3_BUCKET" in names
    # DATABASE_URL is read by dj_database_url.config().
    unknown = [n for n in names if f'"{n}"' not in settings_source and n != "DATABASE_URL"]
    assert not unknown, f"not read by settings.py: {unknown}"


def test_nginx_example_forwards_what_the_settings_trust():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://127.0.0.1:8000;" in conf
    # settings.SECURE_PROXY_SSL_HEADER reads X-Forwarded-Proto behind HTTPS.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "client_max_body_size" in conf
