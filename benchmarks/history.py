"""The audit chain at scale: sealing and verifying N events, SM3 against SHA-256, and a backup.

    uv run python benchmarks/history.py [--events 100000]

Uses a throw-away SQLite database under a temporary directory (or DATABASE_URL
when set) and prints figures; it asserts nothing about time. The CPU figure is
the one to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="zg-bench-")
    os.environ.setdefault("ZHENGGAI_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from zhenggai.audit.integrity import chain_key, seal, verify_history
    from zhenggai.audit.models import AuditEvent
    from zhenggai.backup import backup
    from zhenggai.core.chain import GENESIS, event_hash
    from zhenggai.demo import build_demo

    call_command("migrate", verbosity=0)
    build_demo()
    key = chain_key()
    payload = AuditEvent.objects.order_by("id").first().payload()
    for algorithm in ("sm3", "sha256"):
        start = time.perf_counter()
        prev = GENESIS
        for _ in range(args.events):
            prev = event_hash(key, algorithm, prev, payload)
        rate = args.events / (time.perf_counter() - start)
        print(f"HMAC-{algorithm.upper():<7} {rate:>10,.0f} links/s (canonical JSON included)")

    last = AuditEvent.objects.order_by("-id").first()
    start = time.perf_counter()
    rows, prev = [], last.hash
    for i in range(args.events):
        event = AuditEvent(
            at=timezone.now(),
            action="measure.update",
            object_type="ledger.measure",
            object_id=str(last.object_id),
            object_repr="基准测试",
            after={"i": i, "text": "清查全部租赁合同" * 3},
            prev_hash=prev,
        )
        seal(event, key)
        rows.append(event)
        prev = event.hash
        if len(rows) == 5000:
            AuditEvent.objects.bulk_create(rows)
            rows = []
    AuditEvent.objects.bulk_create(rows)
    total = AuditEvent.objects.count()
    print(f"sealed and stored {args.events:,} events in {time.perf_counter() - start:.1f}s")

    tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    result = verify_history()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    assert result.ok, result.problems
    print(
        f"verify-history on {total:,} events: {elapsed:.1f}s wall, {cpu:.1f}s CPU "
        f"({total / elapsed:,.0f} events/s), peak Python memory {peak:.1f} MiB"
    )

    archive = Path(tmp) / "backup.tar.gz"
    start = time.perf_counter()
    summary = backup(archive)
    print(
        f"backup of {total:,} events and {summary.files} files: "
        f"{time.perf_counter() - start:.1f}s, {summary.bytes / 1048576:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
