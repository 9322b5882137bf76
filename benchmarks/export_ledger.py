"""Benchmark: exporting a 100,000-measure ledger to .xlsx, streaming.

    uv run python benchmarks/export_ledger.py [--rows 100000] [--skip-django]

1. the core writer (zhenggai.core.excel.write_ledger) fed 100,000 plain rows;
2. the whole Django export (queries → rows → .xlsx) of an inspection with
   100,000 measures in a throw-away SQLite database.

Each step runs in a fresh child process so that one step's memory does not hide
the next one's. Prints time and peak memory; the peak is the growth of the
child's maximum resident set size (ru_maxrss) during the export, i.e. what the
export itself needed on top of the interpreter and Django already loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def plain_rows(n: int):
    from zhenggai.core.excel import LedgerRow

    for i in range(n):
        p = i // 3
        yield LedgerRow(
            problem_key=str(p),
            seq=str(p + 1),
            aspect="一、虚构方面",
            problem=f"虚构问题{p}：集体资产管理有待加强",
            problem_code=f"问题{p + 1}",
            measure=f"虚构措施{i}：开展专项清理并建立长效机制",
            kind="集中整改",
            leader="王一",
            lead_unit="农业办",
            co_units="财政所、东村党支部",
            deadline=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
            progress="2026-05-01：已完成清理工作，正在建立台账",
            status="推进中",
            evidence="2 个文件",
            light=("red", "yellow", "green")[i % 3],
            row_id=f"P{p}-M{i}",
        )


def bench_core(n: int, outdir: Path) -> tuple[float, float, int]:
    from zhenggai.core.excel import write_ledger

    base = maxrss_mb()
    start = time.perf_counter()
    out = outdir / "core.xlsx"
    write_ledger(plain_rows(n), str(out), title="基准测试台账")
    return time.perf_counter() - start, maxrss_mb() - base, out.stat().st_size


def setup_django(outdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{outdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()


def build_database(n: int, outdir: Path) -> float:
    setup_django(outdir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhenggai.inspections.models import Aspect, Inspection, Problem
    from zhenggai.ledger.models import Measure
    from zhenggai.orgs.models import Organisation, User

    started = time.perf_counter()
    town = Organisation.objects.create(name="基准镇党委", kind="committee", category="region")
    units = [
        Organisation.objects.create(
            name=f"单位{i}", parent=town, kind="branch", category="department"
        )
        for i in range(20)
    ]
    leaders = [
        User.objects.create(username=f"l{i}", full_name=f"领导{i}", role="leader") for i in range(8)
    ]
    insp = Inspection.objects.create(
        title="基准巡察", group="基准巡察组", organisation=town, feedback_date=dt.date(2026, 1, 5)
    )
    aspect = Aspect.objects.create(inspection=insp, label="一、", title="基准方面")
    problems = Problem.objects.bulk_create(
        Problem(inspection=insp, aspect=aspect, title=f"基准问题{i}", code=f"问题{i + 1}", order=i)
        for i in range(n // 3)
    )
    measures = Measure.objects.bulk_create(
        (
            Measure(
                problem=problems[i // 3 % len(problems)],
                text=f"基准措施{i}：开展专项清理并建立长效机制",
                lead_unit=units[i % len(units)],
                leader=leaders[i % len(leaders)],
                deadline=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                status=list(Measure.Status)[i % 4],
                assigned_on=dt.date(2026, 1, 5),
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    through = Measure.co_units.through
    through.objects.bulk_create(
        (through(measure_id=m.pk, organisation_id=units[0].pk) for m in measures[1::2]),
        batch_size=5000,
    )
    return time.perf_counter() - started


def bench_django(n: int, outdir: Path) -> tuple[float, float, int]:
    setup_django(outdir)
    from zhenggai.exchange.exporting import write_export
    from zhenggai.inspections.models import Inspection

    insp = Inspection.objects.get(title="基准巡察")
    base = maxrss_mb()
    start = time.perf_counter()
    out = outdir / "django.xlsx"
    rows = write_export(str(out), insp, "ledger")
    assert rows == n, rows
    return time.perf_counter() - start, maxrss_mb() - base, out.stat().st_size


def step(name: str, n: int, outdir: Path) -> str:
    """Run one step in a child process and return the line it prints."""
    cmd = [sys.executable, __file__, "--rows", str(n), "--step", name, "--dir", str(outdir)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip()


def run_step(name: str, n: int, outdir: Path) -> None:
    if name == "core":
        secs, peak, size = bench_core(n, outdir)
        print(f"{secs:.1f} {peak:.0f} {size}")
    elif name == "build":
        print(f"{build_database(n, outdir):.1f}")
    else:
        secs, peak, size = bench_django(n, outdir)
        print(f"{secs:.1f} {peak:.0f} {size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-django", action="store_true")
    parser.add_argument("--step", choices=["core", "build", "django"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.rows
    if args.step:
        run_step(args.step, n, Path(args.dir))
        return
    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp)
        secs, peak, size = step("core", n, outdir).split()
        print(f"core writer {n} rows: {secs} s, peak +{peak} MB, file {int(size) / 1e6:.1f} MB")
        last = f"export {n} rows: {secs} s, peak {peak} MB (core writer)"
        if not args.skip_django:
            print(f"(database of {n} measures built in {step('build', n, outdir)} s)")
            secs, peak, size = step("django", n, outdir).split()
            print(
                f"django export {n} rows: {secs} s, peak +{peak} MB, file {int(size) / 1e6:.1f} MB"
            )
            last = f"export {n} rows: {secs} s, peak {peak} MB (database → .xlsx)"
        print(last)


if __name__ == "__main__":
    main()
