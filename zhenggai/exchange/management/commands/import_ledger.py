"""``zhenggai import-ledger INSPECTION FILE.xlsx [--dry-run] [--actor USERNAME]``.

Columns are mapped automatically from the header names. Any error is printed
with its row and column and the command exits non-zero having saved nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhenggai.core import ledger_import as li
from zhenggai.exchange import importing
from zhenggai.inspections.models import Inspection
from zhenggai.orgs.models import User


class Command(BaseCommand):
    help = "从 Excel 台账导入问题和整改措施（按列名自动对应；有错误时不导入任何内容）。"

    def add_arguments(self, parser):
        parser.add_argument("inspection", type=int, help="巡察编号")
        parser.add_argument("file", help="台账文件 FILE.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将做的修改，不保存")
        parser.add_argument("--actor", help="记入操作记录的用户名（默认：无，记为系统操作）")

    def handle(self, *args, **opts):
        inspection = Inspection.objects.filter(pk=opts["inspection"]).first()
        if inspection is None:
            raise CommandError(f"没有编号为 {opts['inspection']} 的巡察。")
        actor = None
        if opts["actor"]:
            actor = User.objects.filter(username=opts["actor"]).first()
            if actor is None:
                raise CommandError(f"没有用户名为“{opts['actor']}”的用户。")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            table = importing.read(path.read_bytes())
        except li.LedgerFileError as exc:
            raise CommandError(str(exc)) from exc
        mapping = li.guess_mapping(table.headers)
        self.stdout.write(
            "列对应："
            + "；".join(
                f"{li.FIELD_BY_KEY[k].label} ← {table.column_label(i)}"
                for k, i in sorted(mapping.items(), key=lambda kv: kv[1])
            )
        )
        plan = importing.plan_import(inspection, table, mapping)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"发现 {len(plan.errors)} 处错误，未导入任何内容。")
        counts = plan.counts
        summary = (
            f"新增问题 {counts['problems_new']} 个、更新 {counts['problems_updated']} 个；"
            f"新增措施 {counts['measures_new']} 条、更新 {counts['measures_updated']} 条、"
            f"未变化 {counts['measures_same']} 条"
        )
        if opts["dry_run"]:
            self.stdout.write(f"试运行（未保存）：将{summary}。")
            return
        with transaction.atomic():
            importing.apply_plan(actor, inspection, plan)
        self.stdout.write(f"导入完成：{summary}。")
