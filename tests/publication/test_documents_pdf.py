"""LibreOffice renders every document we write; the pages are what a secretary expects.

The notice, the rectification report, the work bulletin and the 对账销号单 go
through a real LibreOffice (``soffice``) to PDF, are read back page by page with
pypdf, and page 1 and the last page of each are rendered to
``docs/screenshots/`` with pdftoppm. Skips locally without the binaries; fails
under CI=true, as ``test_libreoffice.py`` does.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from tests.publication.test_libreoffice import SCREENSHOTS, require
from zhenggai.core import gongwen
from zhenggai.core.bulletin import bulletin_document
from zhenggai.core.bulletin import render_docx as bulletin_docx
from zhenggai.core.closure_sheet import EVIDENCE_SHOWN, render_sheets
from zhenggai.core.notice_docx import render_docx
from zhenggai.core.office import convert, soffice_path
from zhenggai.demo import build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Evidence, Measure
from zhenggai.oversight.models import Bulletin
from zhenggai.publication.closure_sheets import closure_sheets
from zhenggai.publication.generate import generated_document
from zhenggai.publication.report_data import report_document

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PAGE_NUMBER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")


def pdf_of(docx: bytes) -> PdfReader:
    require(soffice_path() is not None, "LibreOffice (soffice)")
    pdf = convert(docx, ".docx", "pdf")
    assert pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(pdf)), pdf


def lines(page) -> list[str]:
    """The page's text lines without the page number and pypdf's spacing."""
    out = []
    for line in page.extract_text().splitlines():
        line = re.sub(r"\s+", "", line)
        if line and not PAGE_NUMBER.match(line):
            out.append(line)
    return out


def assert_last_page_has_more_than_signature(reader, doc):
    closing = {re.sub(r"\s+", "", b.text) for b in doc.tail if b.kind in ("signature", "date")}
    last = lines(reader.pages[-1])
    assert [line for line in last if line not in closing], (
        f"the last page holds only the signature and date: {last}"
    )


def assert_title_breaks_between_words(reader, doc):
    title = doc.title
    first = lines(reader.pages[0])
    printed, n = "", 0
    while len(printed) < len(title):
        printed += first[n]
        n += 1
    assert printed == title, (printed, title)
    assert 1 < n <= gongwen.TITLE_MAX_LINES
    breaks = gongwen.word_boundaries(title)
    offset = 0
    for line in first[: n - 1]:
        offset += len(line)
        assert offset in breaks, f"title broken inside a word at {title[:offset]}|{title[offset:]}"


def screenshots(pdf: bytes, name: str, pages: int, tmp_path) -> None:
    """Page 1 and the last page as docs/screenshots/{name}-p1.png and -last.png."""
    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page, suffix in ((1, "p1"), (pages, "last")):
        out = SCREENSHOTS / f"{name}-{suffix}"
        subprocess.run(
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                "60",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(out),
            ],
            check=True,
        )
        assert out.with_suffix(".png").stat().st_size > 5_000


@pytest.fixture
def town():
    build_demo()
    return Inspection.objects.get(variant=Inspection.Variant.REGULAR)


def test_notice_pdf_keeps_signature_with_text_and_breaks_its_title_between_words(town, tmp_path):
    doc = generated_document(town)
    reader, pdf = pdf_of(render_docx(doc))
    assert len(reader.pages) >= 5
    assert_title_breaks_between_words(reader, doc)
    assert_last_page_has_more_than_signature(reader, doc)
    text = "".join(lines(reader.pages[-1]) + lines(reader.pages[-2]))
    assert "公开期限" in text and "联系电话" in text and "邮政编码" in text
    screenshots(pdf, "notice", len(reader.pages), tmp_path)


def test_report_pdf_has_every_part_and_ends_with_text_above_the_signature(town, tmp_path):
    doc = report_document(town, timezone.localdate())
    reader, pdf = pdf_of(render_docx(doc))
    assert_title_breaks_between_words(reader, doc)
    assert_last_page_has_more_than_signature(reader, doc)
    text = "".join(line for page in reader.pages for line in lines(page))
    for part in ("一、整改工作总体情况", "二、巡察反馈问题整改情况", "三、建章立制情况"):
        assert part in text
    assert (
        "四、问责追责和挽回损失情况" in text and "五、下一步工作打算" in text and "特此报告" in text
    )
    assert "责任领导：" in text and "牵头单位：" in text
    screenshots(pdf, "report", len(reader.pages), tmp_path)


def test_bulletin_pdf_is_in_the_notice_layout(town, tmp_path):
    item = Bulletin.objects.filter(inspection=town).order_by("-period_end").first()
    title = f"{town.organisation.display_name}巡察整改工作通报"
    data = bulletin_docx(
        title, f"第{item.number}期", item.figures, item.snapshot, issuer="云溪镇整改办"
    )
    reader, pdf = pdf_of(data)
    first = lines(reader.pages[0])
    assert first[0] == title and first[1] == f"第{item.number}期"
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2  # A4, as the notice
    assert lines(reader.pages[-1])[-2:] == ["云溪镇整改办", re.sub(r"\s+", "", _cn(item))]
    doc = bulletin_document(
        title, f"第{item.number}期", item.figures, item.snapshot, issuer="云溪镇整改办"
    )
    assert_last_page_has_more_than_signature(reader, doc)
    screenshots(pdf, "bulletin", len(reader.pages), tmp_path)


def _cn(item):
    d = item.period_end
    return f"{d.year}年{d.month}月{d.day}日"


def test_closure_sheets_are_one_page_each_with_evidence_hashes(town, tmp_path):
    closed = list(Measure.objects.filter(problem__inspection=town, status="closed")[:3])
    assert len(closed) == 3
    for i in range(12):  # more files than the form lists: it stays on one page
        e = Evidence(
            measure=closed[0],
            original_name=f"整改佐证材料{i + 1}.pdf",
            content_type="application/pdf",
            sha256=f"{i:02d}" * 32,
            size=8,
            uploaded_by=closed[0].leader,
        )
        e.file.save("e.pdf", ContentFile(b"%PDF-1.4"), save=False)
        e.save()
    sheets = closure_sheets(Measure.objects.filter(pk__in=[m.pk for m in closed]))
    reader, pdf = pdf_of(render_sheets(sheets))
    assert len(reader.pages) == 3
    first = "".join(lines(reader.pages[0]))
    assert first.startswith("对账销号单")
    assert "00" * 32 in first and f"另有{12 - EVIDENCE_SHOWN}份" in first
    for label in ("责任领导", "牵头单位", "整改时限", "完成情况", "整改办审核", "责任领导审批"):
        assert label in first
    screenshots(pdf, "closure-sheet", len(reader.pages), tmp_path)
