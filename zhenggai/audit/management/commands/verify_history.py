"""``zhenggai verify-history``: is the history still what was recorded?"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhenggai.audit.integrity import verify_history


class Command(BaseCommand):
    help = (
        "校验操作记录哈希链（密钥 HMAC）和全部佐证材料、附件文件的 SHA-256；有问题时以非零状态退出"
    )

    def handle(self, *args, **options):
        result = verify_history()
        summary = f"已校验操作记录 {result.events_checked} 条、文件 {result.files_checked} 个"
        if result.ok:
            self.stdout.write(f"{summary}：历史完好。")
            return
        for problem in result.problems:
            self.stderr.write(problem)
        first = (
            f"第一条异常记录为 #{result.first_bad_event_id}"
            if result.first_bad_event_id
            else "操作记录链完好，但文件有问题"
        )
        raise CommandError(f"{summary}：发现 {len(result.problems)} 处问题，{first}。")
