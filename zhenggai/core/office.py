"""Converting documents with LibreOffice headless (``soffice --convert-to``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).with_name("fonts.conf")
MISSING = (
    "没有找到 LibreOffice（soffice），无法生成 PDF：请安装 LibreOffice"
    "（Debian/Ubuntu：apt-get install libreoffice-writer）后再试，或先下载 Word 版本。"
)


class OfficeMissing(RuntimeError):
    """LibreOffice is not installed; the message says so in Chinese."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but produced no output file."""


def soffice_path() -> str | None:
    """The soffice binary (``ZHENGGAI_SOFFICE`` overrides the search on PATH)."""
    configured = os.environ.get("ZHENGGAI_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str = "pdf", timeout: int = 120) -> bytes:
    """Convert ``data`` (a file ending in ``suffix``) to ``target`` and return the bytes.

    Each call uses its own LibreOffice profile directory, so parallel calls and a
    desktop LibreOffice the same user runs do not lock each other out. The 公文
    font names are mapped to installed fonts through ``fonts.conf``.
    """
    soffice = soffice_path()
    if soffice is None:
        raise OfficeMissing(MISSING)
    with tempfile.TemporaryDirectory(prefix="zhenggai-office-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(work)}
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            cmd, capture_output=True, timeout=timeout, env=env, check=False
        )
        produced = list((work / "out").glob(f"document.{target.split(':')[0]}"))
        if result.returncode != 0 or not produced:
            detail = (result.stderr or result.stdout).decode("utf-8", "replace")[-500:]
            raise ConversionFailed(f"LibreOffice 转换失败（返回码 {result.returncode}）：{detail}")
        return produced[0].read_bytes()
