"""``zhenggai tick``: lights, reminders and bulletins. Safe to run from cron."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenggai.oversight.tick import run_lights, run_tick


class Command(BaseCommand):
    help = "计算灯色、发送到期提醒、按期生成工作通报（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期运行（YYYY-MM-DD），用于补跑或测试")
        parser.add_argument(
            "--loop", type=int, metavar="SECONDS", help="常驻运行，每隔 SECONDS 秒执行一次"
        )
        parser.add_argument(
            "--lights-only",
            action="store_true",
            help="只更新当日灯色和统计（午夜后运行；不记录灯色变化、不发提醒、不生成通报）",
        )

    def handle(self, *args, today=None, loop=None, lights_only=False, **options):
        fixed = None
        if today:
            try:
                fixed = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{today}") from exc
        if loop is not None and loop < 1:
            raise CommandError("--loop 需为正整数秒数")
        if lights_only:
            day = fixed or timezone.localdate()
            self.stdout.write(f"{day}：已更新 {run_lights(day)} 项措施的灯色")
            return
        while True:
            result = run_tick(fixed or timezone.localdate())
            self.stdout.write(f"{fixed or timezone.localdate()}：{result}")
            if loop is None:
                return
            time.sleep(loop)
