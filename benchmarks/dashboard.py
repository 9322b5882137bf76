"""Dashboard and battle map on the demo scaled to 10,000 measures: query count and time.

    uv run python benchmarks/dashboard.py [--measures 10000]

Uses a throw-away SQLite database under a temporary directory (or DATABASE_URL
when set) and prints figures; it asserts nothing about time.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="zg-bench-")
    os.environ.setdefault("ZHENGGAI_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from zhenggai.demo import build_demo
    from zhenggai.inspections.models import Inspection, Problem
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import User
    from zhenggai.oversight.tick import run_tick

    call_command("migrate", verbosity=0)
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    today = timezone.localdate()
    existing = Measure.objects.filter(problem__inspection=inspection).count()
    template = list(Measure.objects.filter(problem__inspection=inspection).order_by("pk"))
    problems = list(Problem.objects.filter(inspection=inspection))
    extra = max(0, args.measures - existing)
    t0 = time.perf_counter()
    Measure.objects.bulk_create(
        (
            Measure(
                problem=problems[i % len(problems)],
                label="",
                order=100 + i,
                text=f"{template[i % len(template)].text}（扩展{i}）",
                kind=template[i % len(template)].kind,
                leader_id=template[i % len(template)].leader_id,
                lead_unit_id=template[i % len(template)].lead_unit_id,
                deadline=today + dt.timedelta(days=(i % 200) - 60),
                status=list(Measure.Status)[i % 4],
                assigned_on=today - dt.timedelta(days=150),
                last_progress_on=today - dt.timedelta(days=i % 50),
                closed_on=today - dt.timedelta(days=i % 120) if i % 4 == 3 else None,
            )
            for i in range(extra)
        ),
        batch_size=1000,
    )
    total = Measure.objects.filter(problem__inspection=inspection).count()
    print(f"measures in the inspection: {total} (bulk insert {time.perf_counter() - t0:.1f}s)")
    t0 = time.perf_counter()
    result = run_tick(today, send=False)
    print(f"zhenggai tick on {total} measures: {time.perf_counter() - t0:.2f}s — {result}")

    client = Client()
    client.force_login(User.objects.get(username="office"))
    pages = {
        "dashboard": reverse("oversight:dashboard", args=[inspection.pk]),
        "battle map": reverse("oversight:battle_map", args=[inspection.pk]),
        "oversight overview": reverse("oversight:overview"),
    }
    for name, url in pages.items():
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200
        median_ms = statistics.median(timings) * 1000
        size = len(response.content) // 1024
        print(f"{name:<20} {len(queries):>3} queries  median {median_ms:7.0f} ms  ({size} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
