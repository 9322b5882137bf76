"""The load benchmark's short mode: readers and writers against `zhenggai serve`, 0 errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_short_load_against_the_production_server_has_no_errors():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--short", "--database", "sqlite"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout
    assert "reads :" in result.stdout and "writes:" in result.stdout
    assert "ledger / hello throughput:" in result.stdout
