"""The oversight overview at city scale: 500 organisations, 50,000 measures.

    uv run python benchmarks/overview.py [--orgs 500] [--measures 50000] [--runs 5]

Uses a throw-away SQLite database under a temporary directory (or DATABASE_URL when
set), builds the organisations with bulk inserts (tests/desk/scale.py), then prints the
query count and median time (wall clock and this process's CPU) of the overview page,
a sorted and filtered page, the Excel export and the indicator computation alone. It
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--measures", type=int, default=50_000)
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

    from tests.desk.scale import build_scale
    from zhenggai.inspections.models import Inspection
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import Organisation, User
    from zhenggai.oversight.indicators import counts_by

    call_command("migrate", verbosity=0)
    city = Organisation.objects.create(
        name="基准测试市委", kind=Organisation.Kind.COMMITTEE, category=Organisation.Category.REGION
    )
    user = User.objects.create(username="bench", role=User.Role.OVERSIGHT, organisation=city)
    t0 = time.perf_counter()
    build_scale(city, args.orgs, args.measures // args.orgs, leader=user)
    print(
        f"{Organisation.objects.count() - 1} organisations, {Inspection.objects.count()} "
        f"inspections, {Measure.objects.count()} measures "
        f"(bulk insert {time.perf_counter() - t0:.1f}s)"
    )

    client = Client()
    client.force_login(user)
    url = reverse("oversight:overview")
    cases = {
        "overview": {},
        "sorted by overdue, page 5": {"sort": "overdue", "desc": "1", "page": "5"},
        "filtered (round, category)": {"round": "第2轮", "category": "region"},
        "Excel export (all rows)": {"format": "xlsx"},
    }
    for name, params in cases.items():
        timings, cpu = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, params)
                timings.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200
        size = len(response.content) // 1024
        print(f"{name:<28} {len(queries):>3} queries  {_medians(timings, cpu)}  ({size} KiB)")
    inspections = list(Inspection.objects.select_related("organisation"))
    timings, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        counts_by(inspections, timezone.localdate())
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"{'indicators alone':<28}              {_medians(timings, cpu)}")
    return 0


def _medians(wall: list[float], cpu: list[float]) -> str:
    """Median wall time and this process's CPU time (SQLite runs in the process; on a
    shared machine the CPU time is the steadier figure)."""
    return (
        f"median {statistics.median(wall) * 1000:6.0f} ms wall, "
        f"{statistics.median(cpu) * 1000:6.0f} ms CPU"
    )


if __name__ == "__main__":
    raise SystemExit(main())
