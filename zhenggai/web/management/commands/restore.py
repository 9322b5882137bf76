"""``zhenggai restore FILE``: into an empty database, then migrate and verify the history."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhenggai.audit.integrity import verify_history
from zhenggai.backup import VENDOR_NAMES, BackupError, restore


class Command(BaseCommand):
    help = "从备份归档恢复到空数据库（先核对 SHA-256 清单），再迁移并校验操作记录链"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="zhenggai backup 生成的归档文件")

    def handle(self, *args, archive, **options):
        try:
            summary = restore(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已恢复 {VENDOR_NAMES[summary.vendor]} 数据库（操作记录 {summary.events} 条）"
            "和上传文件 "
            f"{summary.files} 个。"
        )
        # A backup from an older version gets this version's migrations.
        call_command("migrate", interactive=False, verbosity=0)
        result = verify_history()
        if not result.ok:
            raise CommandError(
                "数据已恢复，但历史校验未通过："
                + "；".join(result.problems[:3])
                + "。如果全部记录都不符，多半是本机的操作记录链密钥与原服务器不同："
                "请把原服务器的密钥（CHAIN_KEY 或 CHAIN_KEY_FILE）拷贝过来，"
                "再运行 zhenggai verify-history。"
            )
        self.stdout.write(
            f"历史校验通过：操作记录 {result.events_checked} 条、文件 {result.files_checked} 个。"
        )
