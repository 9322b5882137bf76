"""``zhenggai notice INSPECTION --format docx|pdf|html|txt -o FILE``.

Writes the inspection's latest notice (its saved, edited text) or, when it has
none yet or ``--fresh`` is given, a notice generated from the ledger as it
stands: the 社会通报, or with ``--internal`` the 党内通报; ``--note-withheld``
makes the 社会通报's counts say how many items are 不宜公开. Either flag
generates from the ledger. Writes nothing to the database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.core.notice_docx import render_docx
from zhenggai.core.notice_render import render_html
from zhenggai.core.office import ConversionFailed, OfficeMissing, convert
from zhenggai.inspections.models import Inspection
from zhenggai.publication.generate import generated_document, notice_document
from zhenggai.publication.models import Notice


class Command(BaseCommand):
    help = "输出整改进展情况通报（Word、PDF、HTML 或纯文本）"

    def add_arguments(self, parser):
        parser.add_argument("inspection", help="巡察编号（id）或名称")
        parser.add_argument(
            "--format", "-f", choices=["docx", "pdf", "html", "txt"], default="docx"
        )
        parser.add_argument("-o", "--output", help="输出文件；txt/html 不给则打印到屏幕")
        parser.add_argument("--fresh", action="store_true", help="忽略已保存的通报，由台账重新生成")
        parser.add_argument(
            "--internal", action="store_true", help="由台账生成党内通报（含不宜公开的内容）"
        )
        parser.add_argument(
            "--note-withheld",
            action="store_true",
            help="社会通报的统计数注明“其中X项不宜公开”（由台账生成）",
        )

    def handle(self, *args, **opts):
        key = opts["inspection"]
        qs = Inspection.objects.select_related("organisation")
        inspection = (qs.filter(pk=int(key)) if key.isdigit() else qs.filter(title=key)).first()
        if inspection is None:
            raise CommandError(f"没有找到巡察：{key}")
        if opts["internal"] and opts["note_withheld"]:
            raise CommandError("--note-withheld 只用于社会通报，不能与 --internal 同用。")
        fresh = opts["fresh"] or opts["internal"] or opts["note_withheld"]
        notice = None
        if not fresh:
            notice = (
                Notice.objects.filter(inspection=inspection)
                .order_by("-published_at", "-updated_at", "-id")
                .first()
            )
        doc = (
            notice_document(notice)
            if notice
            else generated_document(
                inspection, public=not opts["internal"], note_withheld=opts["note_withheld"]
            )
        )
        fmt = opts["format"]
        try:
            if fmt == "txt":
                data = doc.to_text().encode()
            elif fmt == "html":
                data = render_html(doc).encode()
            elif fmt == "docx":
                data = render_docx(doc)
            else:
                data = convert(render_docx(doc), ".docx", "pdf")
        except (OfficeMissing, ConversionFailed) as exc:
            raise CommandError(str(exc)) from exc
        out = opts["output"]
        if out is None:
            if fmt in ("docx", "pdf"):
                raise CommandError("Word 和 PDF 需要用 -o 指定输出文件。")
            sys.stdout.write(data.decode())
            return
        Path(out).write_bytes(data)
        source = f"第{notice.version}版通报" if notice else "台账生成"
        if not notice:
            source += "党内通报" if opts["internal"] else "社会通报"
        self.stdout.write(f"已写入 {out}（{source}，{len(data)} 字节）")
        # What a reader checks first: the window, the channels, the signature and date.
        for block in doc.tail:
            if block.kind in ("closing", "contact", "signature", "date"):
                self.stdout.write(f"  {block.text}")
