import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from zhenggai.web import serving


class Command(BaseCommand):
    help = "启动生产环境的网页服务（gunicorn）；配置不安全时拒绝启动。"
    requires_system_checks = []  # the checks below say what to fix, in Chinese

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"工作进程数，默认按处理器核数计算（本机 {serving.default_workers()}）",
        )
        parser.add_argument(
            "--timeout", type=int, default=120, help="单个请求最长处理秒数，默认 120"
        )

    def handle(self, *args, bind, workers, timeout, **options):
        problems = serving.production_problems()
        if problems:
            raise CommandError("拒绝启动：\n" + "\n".join(f"  - {p}" for p in problems))
        try:
            pending = serving.unapplied_migrations()
        except DatabaseError as exc:
            raise CommandError(f"拒绝启动：无法连接数据库（{exc}），请检查 DATABASE_URL。") from exc
        if pending:
            raise CommandError(
                f"拒绝启动：数据库还有 {pending} 项迁移未执行，请先运行 zhenggai migrate。"
            )
        if workers is not None and workers < 1:
            raise CommandError("--workers 至少为 1。")
        argv = serving.gunicorn_argv(bind, workers or serving.default_workers(), timeout)
        self.stdout.write(
            f"整改系统启动：http://{bind}/  （{argv[argv.index('--workers') + 1]} 个工作进程）"
        )
        self.stdout.flush()
        # Replace this process, so that systemd's stop signal reaches gunicorn directly.
        os.execv(argv[0], argv)  # noqa: S606 — our own interpreter with fixed arguments
