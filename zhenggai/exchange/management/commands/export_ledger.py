"""``zhenggai export-ledger INSPECTION [--list …] [--unit ORG_ID] -o FILE.xlsx``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenggai.core.indicators import export_pairs
from zhenggai.exchange import exporting
from zhenggai.inspections.models import Inspection
from zhenggai.orgs.models import Organisation
from zhenggai.oversight.indicators import inspection_indicators

LIST_CHOICES = {
    "ledger": "ledger",
    "problems": "problems",
    "measures": "measures",
    "responsibility": "responsibility",
}


class Command(BaseCommand):
    help = "把一次巡察的整改台账或问题/任务/责任清单导出为 Excel（.xlsx）。"

    def add_arguments(self, parser):
        parser.add_argument("inspection", type=int, help="巡察编号")
        parser.add_argument(
            "--list",
            dest="which",
            choices=sorted(LIST_CHOICES),
            default="ledger",
            help="ledger 整改台账（默认）、problems 问题清单、measures 任务清单、"
            "responsibility 责任清单",
        )
        parser.add_argument("--unit", type=int, help="只导出该单位及其下属单位的措施（组织编号）")
        parser.add_argument("-o", "--output", required=True, help="输出文件 FILE.xlsx")

    def handle(self, *args, **opts):
        inspection = Inspection.objects.filter(pk=opts["inspection"]).first()
        if inspection is None:
            raise CommandError(f"没有编号为 {opts['inspection']} 的巡察。")
        unit = None
        if opts["unit"] is not None:
            unit = Organisation.objects.filter(pk=opts["unit"]).first()
            if unit is None or not unit.is_within(inspection.organisation):
                raise CommandError(f"编号为 {opts['unit']} 的单位不在“{inspection}”的范围内。")
        started = time.perf_counter()
        summary = []  # the whole ledger carries the oversight indicators (指标汇总)
        if opts["which"] == "ledger" and unit is None:
            summary = export_pairs(inspection_indicators(inspection, timezone.localdate()))
        rows = exporting.write_export(
            opts["output"], inspection, opts["which"], unit=unit, summary=summary
        )
        self.stdout.write(
            f"已导出{exporting.LISTS[opts['which']]} {rows} 行到 {opts['output']}"
            f"（{time.perf_counter() - started:.1f} 秒）"
        )
