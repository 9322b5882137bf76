"""``zhenggai parse``: one file to stdout, many to a folder, failures on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhenggai.core.notices.cli import main

NOTICE = (
    "中共青石镇委员会关于巡察整改进展情况的通报\n"
    "根据县委统一部署，2024年5月6日至7月5日，县委第一巡察组对青石镇党委开展巡察。\n"
    "二、巡察反馈问题整改落实情况\n"
    "(一)关于茶产业发展方面\n"
    "(1)茶园管护不到位\n"
    "一是补种茶苗1200株；二是聘请技术员2名。\n"
    "中共青石镇委员会\n"
    "2024年12月30日\n"
)


@pytest.fixture
def notice_file(tmp_path: Path) -> Path:
    path = tmp_path / "青石镇通报.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def test_one_file_prints_one_json_object(notice_file: Path, capsys):
    assert main([str(notice_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "中共青石镇委员会关于巡察整改进展情况的通报"
    assert data["problems"][0]["measures"][0]["label"] == "一是"


def test_json_output_keeps_chinese_readable(notice_file: Path, capsys):
    main([str(notice_file), "--format", "json"])
    out = capsys.readouterr().out
    assert "茶园管护不到位" in out and "\\u" not in out
    assert out.startswith('{\n  "title"')


def test_one_file_with_o_writes_the_file_instead(notice_file: Path, tmp_path: Path, capsys):
    target = tmp_path / "out.json"
    assert main([str(notice_file), "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text("utf-8"))["issuer"] == "中共青石镇委员会"


def test_markdown_is_a_readable_outline(notice_file: Path, capsys):
    assert main([str(notice_file), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 中共青石镇委员会关于巡察整改进展情况的通报")
    assert "## 二、巡察反馈问题整改落实情况" in out
    assert "### 关于茶产业发展方面" in out
    assert "- 一是 补种茶苗1200株" in out
    assert "**发布日期**：2024-12-30" in out


def test_a_folder_gives_one_file_per_document_and_reports_the_unreadable_one(
    tmp_path: Path, capsys
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(NOTICE, encoding="utf-8")
    (inbox / "b.txt").write_bytes(NOTICE.encode("gbk"))
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    out = tmp_path / "out"
    assert main([str(inbox), "-o", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    err = capsys.readouterr().err
    failure = next(line for line in err.splitlines() if line.startswith("old.doc: "))
    assert ".docx" in failure and " / " in failure
    assert "2 个成功，1 个失败" in err


def test_several_files_need_an_output_folder(notice_file: Path, capsys):
    assert main([str(notice_file), str(notice_file)]) == 2
    assert "-o" in capsys.readouterr().err


def test_a_missing_file_fails_with_a_reason(tmp_path: Path, capsys):
    assert main([str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")]) == 1
    assert "nope.txt: 文件不存在" in capsys.readouterr().err


def test_an_unreadable_single_file_exits_non_zero_with_one_line(tmp_path: Path, capsys):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert main([str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("scan.png: ")


def test_the_zhenggai_command_dispatches_parse_without_django(notice_file: Path):
    result = subprocess.run(
        [sys.executable, "-m", "zhenggai", "parse", str(notice_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problems"][0]["title"] == "茶园管护不到位"
