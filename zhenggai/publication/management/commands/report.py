"""``zhenggai report INSPECTION -o FILE``: the rectification report (整改情况报告).

Generated from the ledger as it stands, dated today, as Word (or PDF when
FILE ends in .pdf or ``--format pdf``). Writes nothing to the database: the
approval of a report happens on its page.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenggai.core.notice_docx import render_docx
from zhenggai.core.office import ConversionFailed, OfficeMissing, convert
from zhenggai.inspections.models import Inspection
from zhenggai.publication.report_data import report_document


class Command(BaseCommand):
    help = "输出向巡察机构报送的整改情况报告（Word 或 PDF）"

    def add_arguments(self, parser):
        parser.add_argument("inspection", help="巡察编号（id）或名称")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.docx 或 .pdf）")
        parser.add_argument("--format", "-f", choices=["docx", "pdf"], default=None)

    def handle(self, *args, **opts):
        key = opts["inspection"]
        qs = Inspection.objects.select_related("organisation")
        inspection = (qs.filter(pk=int(key)) if key.isdigit() else qs.filter(title=key)).first()
        if inspection is None:
            raise CommandError(f"没有找到巡察：{key}")
        out = Path(opts["output"])
        fmt = opts["format"] or ("pdf" if out.suffix.lower() == ".pdf" else "docx")
        doc = report_document(inspection, timezone.localdate())
        data = render_docx(doc)
        if fmt == "pdf":
            try:
                data = convert(data, ".docx", "pdf")
            except (OfficeMissing, ConversionFailed) as exc:
                raise CommandError(str(exc)) from exc
        out.write_bytes(data)
        self.stdout.write(f"已写入 {out}（{len(data)} 字节）：{doc.title}")
        for block in doc.tail:
            self.stdout.write(f"  {block.text}")
