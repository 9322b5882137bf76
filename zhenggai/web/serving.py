"""What `zhenggai serve` checks before it starts the production web server, and how it
starts it (gunicorn; see docs/DEPENDENCIES.md for the measurement behind the choice)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def production_problems() -> list[str]:
    """Reasons, in Chinese, why this configuration must not face users (empty when fine)."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG 已开启：生产环境会泄露出错页面的内部信息，请去掉环境变量 DEBUG。")
    if not settings.SECRET_KEY_CONFIGURED:
        problems.append(
            "未设置密钥：请设置环境变量 SECRET_KEY，或用 SECRET_KEY_FILE 指向一个非空的密钥文件。"
        )
    if not settings.ALLOWED_HOSTS:
        problems.append(
            "ALLOWED_HOSTS 为空：请填写用户访问本系统所用的域名或地址，多个用逗号分隔。"
        )
    return problems


def unapplied_migrations() -> int:
    """How many migrations the database still lacks (0 when it is up to date)."""
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def default_workers(cores: int | None = None) -> int:
    """Sync workers for this machine: two per core plus one (gunicorn's rule of thumb,
    a request mostly waits on the database), at most 17."""
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, 17)


def gunicorn_argv(bind: str, workers: int, timeout: int) -> list[str]:
    """The command line that runs the WSGI app under gunicorn with this interpreter."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "zhenggai.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        # Exports and notice generation can take a while; a slow client must not hold a
        # worker after the response is produced (nginx buffers in front).
        "--graceful-timeout",
        "30",
        "--access-logfile",
        "-",
        # Recycle workers now and then so that a slow leak can never grow without bound.
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "500",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
