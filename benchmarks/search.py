"""Search at scale: the results page over N measures (and N/3 problems, N/10 opinions).

    uv run python benchmarks/search.py [--measures 10000] [--runs 7]

Uses a throw-away SQLite database under a temporary directory, or DATABASE_URL when
set (eval "$(scripts/pg-throwaway.sh start)" for PostgreSQL). Requests /search/ in
process as the town's office and as a unit contact; prints the median and p95 time,
the query count and the page size of each query. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["集体资产", "租赁合同", "惠民资金", "工程项目", "村务公开", "会议文件", "三资管理"]
QUERIES = [
    "租赁合同",
    "清理租赁合同逐项整改",
    "集体资产租赁合同清理",
    "村务公开不及时",
    "不存在的词语",
    "<script>",
]


def build(n: int) -> None:
    from zhenggai.inspections.models import Aspect, Inspection, Problem
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import Organisation, User
    from zhenggai.publication.models import Notice, PublicComment

    Kind, Cat = Organisation.Kind, Organisation.Category
    town = Organisation.objects.create(name="基准镇党委", category=Cat.REGION, kind=Kind.COMMITTEE)
    units = [Organisation.objects.create(name=f"基准单位{i}", parent=town) for i in range(10)]
    User.objects.create_user("office", role=User.Role.OFFICE, organisation=town)
    User.objects.create_user("unit", role=User.Role.UNIT, organisation=units[0])
    insp = Inspection.objects.create(
        organisation=town, title="基准巡察", feedback_date=dt.date(2026, 6, 1)
    )
    aspect = Aspect.objects.create(inspection=insp, label="一、", title="方面")
    problems = Problem.objects.bulk_create(
        Problem(inspection=insp, aspect=aspect, order=i, title=f"{WORDS[i % 7]}管理问题{i}")
        for i in range(max(1, n // 3))
    )
    Measure.objects.bulk_create(
        Measure(
            problem=problems[i % len(problems)],
            text=f"清理{WORDS[i % 7]}第{i}项，{WORDS[(i + 3) % 7]}逐项整改",
            lead_unit=units[i % 10],
            deadline=dt.date(2026, 12, 31),
        )
        for i in range(n)
    )
    notice = Notice.objects.create(inspection=insp, title="通报", status=Notice.Status.PUBLISHED)
    PublicComment.objects.bulk_create(
        PublicComment(
            notice=notice,
            text=f"关于{WORDS[i % 7]}的意见{i}",
            receipt_code=f"B{i:08d}",
            unit=units[i % 10],
        )
        for i in range(max(1, n // 10))
    )


def timed(client, url: str, runs: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="zg-bench-")
    os.environ.setdefault("ZHENGGAI_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from zhenggai.orgs.models import User

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    build(args.measures)
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would have
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}, {args.measures:,} measures, median/p95 of {args.runs} runs")
    for who in ("office", "unit"):
        client = Client()
        client.force_login(User.objects.get(username=who))
        client.get(reverse("search"), {"q": "预热"})  # jieba loads its dictionary once
        for q in QUERIES:
            for extra in ({}, {"kind": "measure", "page": 2}):
                url = reverse("search") + "?" + urlencode({"q": q, **extra})
                median, p95, n, size = timed(client, url, args.runs)
                label = f"{who:<6} {q[:14]:<14} {'分页' if extra else '分组'}"
                print(f"{label}  {median:7.1f} ms  p95 {p95:7.1f} ms  {n:2d} queries  {size:,} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
