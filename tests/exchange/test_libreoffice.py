"""LibreOffice (a real client) opens our .xlsx: converted to CSV, it holds the ledger's rows.

Skips locally with a message when ``soffice`` is missing; fails under CI=true
(or ZHENGGAI_REQUIRE_BROWSER=1), where ``.ci/run`` installs LibreOffice.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

from tests import factories as f
from zhenggai.exchange.exporting import write_export

pytestmark = pytest.mark.django_db


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        message = (
            "没有找到 LibreOffice（soffice）：请 apt-get install libreoffice-calc 后再运行"
            " / soffice not found"
        )
        if os.environ.get("CI") == "true" or os.environ.get("ZHENGGAI_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def convert(binary: str, source, outdir, profile) -> None:
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def test_libreoffice_converts_the_exported_ledger_to_csv_with_every_row(world, tmp_path):
    binary = soffice()
    f.many_measures(world.inspection, 30, [world.agri, world.village], leader=world.leader)
    source = tmp_path / "ledger.xlsx"
    rows = write_export(str(source), world.inspection, "ledger")
    convert(binary, source, tmp_path, tmp_path / "lo-profile")
    with (tmp_path / "ledger.csv").open(encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0][0] == world.inspection.title + "整改台账"
    assert table[1][:4] == ["序号", "所属方面", "反馈问题", "整改措施"]
    data = [r for r in table[2:] if any(r)]
    assert len(data) == rows == 33
    texts = {r[3] for r in data}
    assert {"清查全部租赁合同", "追缴欠缴租金", "批量措施0", "批量措施29"} <= texts
    assert any(r[7] == "2026-09-30" for r in data)  # a real date, shown in its format
