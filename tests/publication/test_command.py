"""``zhenggai notice INSPECTION --format … -o FILE``."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhenggai.publication import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "html", "txt"])
def test_notice_command_writes_each_format(world, tmp_path, fmt):
    out = tmp_path / f"n.{fmt}"
    call_command(
        "notice", str(world.inspection.pk), "--format", fmt, "-o", str(out), stdout=io.StringIO()
    )
    data = out.read_bytes()
    if fmt == "docx":
        assert data[:2] == b"PK"
    else:
        assert "集体资产租赁管理不规范" in data.decode()


def test_notice_command_uses_the_saved_text(world, tmp_path):
    notice = actions.do_generate_notice(world.office, world.inspection)
    actions.do_save_notice(world.office, notice, 1, title=notice.title, body="办公室改写的正文")
    out = tmp_path / "n.txt"
    call_command(
        "notice", str(world.inspection.pk), "-f", "txt", "-o", str(out), stdout=io.StringIO()
    )
    assert "办公室改写的正文" in out.read_text()


def test_unknown_inspection_and_missing_libreoffice_are_clear(world, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="没有找到巡察"):
        call_command("notice", "99999", "-o", str(tmp_path / "x.docx"))
    monkeypatch.setenv("ZHENGGAI_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(CommandError, match="没有找到 LibreOffice"):
        call_command("notice", str(world.inspection.pk), "-f", "pdf", "-o", str(tmp_path / "x.pdf"))
