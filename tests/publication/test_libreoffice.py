"""A real client: LibreOffice converts our .docx to PDF; pdftoppm renders page 1.

Skips locally when the binaries are missing; fails under CI=true (or
ZHENGGAI_REQUIRE_OFFICE=1), where .ci/run installs them.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from zhenggai.core.notice_docx import render_docx
from zhenggai.core.office import convert, soffice_path
from zhenggai.demo import build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.publication.generate import generated_document

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def require(binary_found: bool, what: str):
    if binary_found:
        return
    message = f"没有找到 {what}，跳过（missing {what}; apt-get install libreoffice poppler-utils）"
    if os.environ.get("CI") == "true" or "1" in (
        os.environ.get("ZHENGGAI_REQUIRE_OFFICE"),
        os.environ.get("ZHENGGAI_REQUIRE_BROWSER"),
    ):
        pytest.fail(message)
    pytest.skip(message)


def test_libreoffice_converts_the_notice_and_page_one_is_rendered(tmp_path):
    require(soffice_path() is not None, "LibreOffice (soffice)")
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    doc = generated_document(inspection)
    pdf = convert(render_docx(doc), ".docx", "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)

    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) >= 5
    first = reader.pages[0].extract_text()
    assert "整改进展情况的通报" in first.replace("\n", "")
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4

    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(SCREENSHOTS / "notice"),
        ],
        check=True,
    )
    assert (SCREENSHOTS / "notice.png").stat().st_size > 10_000
