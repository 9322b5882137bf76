"""``zhenggai quality INSPECTION [--format text|json]``: the ledger's quality findings.

JSON is a list of objects, each with ``rule`` (the rule's identifier), ``label``,
``key``, ``title``, ``detail``, ``url`` and ``explanation`` (empty when open).
Reads only.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenggai.inspections.models import Inspection
from zhenggai.publication.quality import findings


class Command(BaseCommand):
    help = "检查整改台账质量（措施空泛、时限不当、销号无佐证、佐证重复、通报数据不符等）"

    def add_arguments(self, parser):
        parser.add_argument("inspection", help="巡察编号（id）或名称")
        parser.add_argument("--format", "-f", choices=["text", "json"], default="text")

    def handle(self, *args, **opts):
        key = opts["inspection"]
        qs = Inspection.objects.select_related("organisation")
        inspection = (qs.filter(pk=int(key)) if key.isdigit() else qs.filter(title=key)).first()
        if inspection is None:
            raise CommandError(f"没有找到巡察：{key}")
        found = findings(inspection, timezone.localdate())
        site = settings.ZHENGGAI["SITE_URL"].rstrip("/")
        if opts["format"] == "json":
            items = [{**f.as_dict(), "url": site + f.url} for f in found]
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{inspection.title}：共 {len(found)} 条发现")
        for f in found:
            state = f"（已说明：{f.explanation}）" if f.explanation else ""
            self.stdout.write(f"[{f.label}] {f.title} — {f.detail}{state}  {site}{f.url}")
