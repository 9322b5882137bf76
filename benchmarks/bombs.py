"""Refusing bombs: ``uv run python benchmarks/bombs.py``.

Builds the bombs of issue 10 (a .docx whose document.xml unpacks to 400 MB, an .xlsx
holding one 10 MB shared string, a sheet declaring the widest grid, a page of 600,000
tags, a PDF whose one FlateDecode stream inflates to 70 MB — 214 KB on disk, 23 s and
400 MB in ``zhenggai parse`` before it was bounded) and prints, for each, how long the
refusal takes and the peak memory: Python's own allocations in this process
(tracemalloc), and the whole process's peak RSS for ``zhenggai parse`` and
``read_table`` in a fresh child. Target: under 2 s and 200 MB.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the bomb builders live beside the tests

import pypdf  # noqa: E402, F401 - loaded before timing, as in a running server (~1-2 s)

from tests.core import bombs  # noqa: E402
from zhenggai.core import ledger_import as li  # noqa: E402
from zhenggai.core.notices import NoticeReadError, parse_bytes  # noqa: E402

_CHILD = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
path = Path(sys.argv[1])
if path.suffix == ".xlsx":
    from zhenggai.core.ledger_import import LedgerFileError, read_table
    try:
        read_table(path.read_bytes())
    except LedgerFileError:
        pass
else:
    from zhenggai.cli import main
    main(["parse", str(path)])
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.3f} {peak:.0f}")
"""


def in_process(call: Callable[[], object]) -> tuple[float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    with contextlib.suppress(NoticeReadError, li.LedgerFileError):
        call()
    took = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return took, peak


def in_child(path: Path) -> tuple[float, float]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, no shell
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    took, peak = done.stdout.split()
    return float(took), float(peak)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        docx = bombs.docx_bomb(tmp / "bomb.docx")
        cases: list[tuple[str, Path]] = [("docx, document.xml of 400 MB", docx)]
        for name, data, suffix in (
            ("xlsx, one 10 MB shared string", bombs.xlsx_long_string(), ".xlsx"),
            ("xlsx, 40,000-character cell", bombs.xlsx_long_string(40_000), ".xlsx"),
            ("xlsx, 201 rows × 16,384 columns", bombs.xlsx_wide_grid(), ".xlsx"),
            ("html, 600,000 tags", bombs.html_of_many_tags(), ".html"),
            ("docx, 50 MB recorded as 1000 B", bombs.docx_understating_its_size(), ".docx"),
            ("pdf, FlateDecode stream of 70 MB", bombs.pdf_bomb(), ".pdf"),
            ("pdf, 50 pages × 1.9 MB content", bombs.pdf_bomb(1900 * 1024, pages=50), ".pdf"),
            ("pdf, 1 MB form drawn 20 times", bombs.pdf_form_bomb(), ".pdf"),
        ):
            path = tmp / f"bomb{len(cases)}{suffix}"
            path.write_bytes(data)
            cases.append((name, path))
        print(f"{'bomb':34} {'size':>9} {'refused in':>11} {'py peak':>8} {'child*':>8} {'RSS':>7}")
        for name, path in cases:
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                took, peak = in_process(lambda d=data: li.read_table(d))
            else:
                took, peak = in_process(lambda d=data, p=path: parse_bytes(d, p.name))
            child_took, rss = in_child(path)
            print(
                f"{name:34} {len(data) / 1024:7.0f}KB {took * 1000:9.1f}ms {peak:6.1f}MB"
                f" {child_took * 1000:6.0f}ms {rss:5.0f}MB"
            )
    print("* a fresh `zhenggai parse` (or read_table) process, imports included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
