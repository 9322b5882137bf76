"""The `zhenggai` command line: hyphenated sub-commands reach their Django command."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "command",
    [
        "export-ledger",
        "import-ledger",
        "import-notice",
        "notice",
        "tick",
        "demo",
        "verify-history",
        "backup",
        "restore",
    ],
)
def test_every_documented_sub_command_answers_help(command):
    result = subprocess.run(
        [sys.executable, "-m", "zhenggai", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_parse_runs_without_django(tmp_path):
    path = tmp_path / "通报.txt"
    path.write_text(
        "二、巡察反馈问题整改落实情况\n（一）关于作风建设方面\n1.会议过多。\n一是精简会议；二是合并文件。\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "zhenggai", "parse", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"title": "会议过多"' in result.stdout and '"label": "二是"' in result.stdout
