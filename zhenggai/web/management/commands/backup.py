"""``zhenggai backup -o FILE``: database snapshot + uploaded files + hash manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.backup import VENDOR_NAMES, BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（一致快照）和上传文件到一个归档，附 SHA-256 清单；不含操作记录链密钥"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="归档文件路径（.tar.gz）")

    def handle(self, *args, output, **options):
        try:
            summary = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已备份到 {output}：{VENDOR_NAMES[summary.vendor]} 数据库"
            f"（操作记录 {summary.events} 条）、"
            f"上传文件 {summary.files} 个，共 {summary.bytes / 1048576:.1f} MB。"
            "密钥不在备份中，请另行妥善保管。"
        )
