"""Benchmark: exporting a 100,000-measure ledger to .xlsx, streaming.

    uv run python benchmarks/export_ledger.py [--rows 100000] [--skip-django] [--compare]

1. the core writer (zhenggai.core.excel.write_ledger, on core.xlsx) fed 100,000 plain rows;
2. with ``--compare``, the same sheet (cells, styles, merges) written by openpyxl's
   write-only mode (the writer before core.xlsx) and, when it is installed
   (``uv pip install xlsxwriter``), by xlsxwriter in constant-memory mode;
3. the whole Django export (queries → rows → .xlsx) of an inspection with
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


def _cells(n: int):
    """The ledger's cells as (value, style name) rows, merged columns blank after a
    problem's first row: what every writer below is given."""
    from zhenggai.core.excel import LEDGER_COLUMNS, LIGHT_LABELS

    key = None
    for row in plain_rows(n):
        first, key = row.problem_key != key, row.problem_key
        cells = []
        for c in LEDGER_COLUMNS:
            v = None if c.merge and not first else c.value(row)
            if isinstance(v, dt.date):
                cells.append((v, "date"))
            elif c.header == "灯色":
                cells.append((LIGHT_LABELS[v], v))
            else:
                cells.append((v, "wrap" if c.wrap else "plain"))
        yield first, cells


def bench_openpyxl(n: int, outdir: Path) -> tuple[float, float, int]:
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from zhenggai.core.excel import LEDGER_COLUMNS, LIGHT_FILLS

    base, start = maxrss_mb(), time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    font, border = Font(name="宋体", size=10), Border(*(Side(style="thin"),) * 4)
    styles = {}
    for name, fill, align, fmt in [
        ("wrap", None, Alignment(wrap_text=True, vertical="center"), None),
        ("plain", None, Alignment(horizontal="center", vertical="center"), None),
        ("date", None, Alignment(horizontal="center", vertical="center"), "yyyy-mm-dd"),
        *((k, PatternFill("solid", start_color=v), None, None) for k, v in LIGHT_FILLS.items()),
    ]:
        t = WriteOnlyCell(ws)
        t.font, t.border = font, border
        if fill:
            t.fill = fill
        if align:
            t.alignment = align
        if fmt:
            t.number_format = fmt
        styles[name] = t._style
    ws.append(["标题"])
    ws.append([c.header for c in LEDGER_COLUMNS])
    for _, cells in _cells(n):
        row = []
        for v, style in cells:
            cell = WriteOnlyCell(ws, value=v)
            cell._style = copy(styles[style])
            row.append(cell)
        ws.append(row)
    out = outdir / "openpyxl.xlsx"
    wb.save(out)
    return time.perf_counter() - start, maxrss_mb() - base, out.stat().st_size


def bench_xlsxwriter(n: int, outdir: Path) -> tuple[float, float, int]:
    import xlsxwriter  # not a dependency: uv pip install xlsxwriter

    from zhenggai.core.excel import LEDGER_COLUMNS, LIGHT_FILLS

    base, start = maxrss_mb(), time.perf_counter()
    out = outdir / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("整改台账")
    body = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
    styles = {
        "wrap": wb.add_format({**body, "text_wrap": True}),
        "plain": wb.add_format({**body, "align": "center"}),
        "date": wb.add_format({**body, "align": "center", "num_format": "yyyy-mm-dd"}),
        **{k: wb.add_format({**body, "bg_color": "#" + v}) for k, v in LIGHT_FILLS.items()},
    }
    ws.freeze_panes(2, 0)
    ws.write_string(0, 0, "标题")
    for i, c in enumerate(LEDGER_COLUMNS):
        ws.write_string(1, i, c.header)
    for r, (_, cells) in enumerate(_cells(n), start=2):
        for i, (v, style) in enumerate(cells):
            if v is None or v == "":
                ws.write_blank(r, i, None, styles[style])
            elif isinstance(v, dt.date):
                ws.write_datetime(r, i, v, styles[style])
            else:
                ws.write_string(r, i, str(v), styles[style])  # never a formula
    wb.close()
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
    writers = {"core": bench_core, "openpyxl": bench_openpyxl, "xlsxwriter": bench_xlsxwriter}
    if name in writers:
        secs, peak, size = writers[name](n, outdir)
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
    parser.add_argument("--compare", action="store_true", help="also openpyxl and xlsxwriter")
    parser.add_argument(
        "--step",
        choices=["core", "openpyxl", "xlsxwriter", "build", "django"],
        help=argparse.SUPPRESS,
    )
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
        if args.compare:
            for name in ("openpyxl", "xlsxwriter"):
                try:
                    secs2, peak2, size2 = step(name, n, outdir).split()
                except subprocess.CalledProcessError:
                    print(f"{name}: not installed")
                    continue
                print(
                    f"{name} {n} rows: {secs2} s, peak +{peak2} MB, file {int(size2) / 1e6:.1f} MB"
                )
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
