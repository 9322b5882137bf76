"""Bombs — files that unpack far beyond their size — are refused before anything parses
them, in the notice reader, the Excel ledger reader and ``zhenggai parse``.

Time targets live in ``benchmarks/bombs.py``; here the refusal, its Chinese message and
a generous memory bound that cannot flake (the bombs would need hundreds of MB to 4 GB).
"""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core import bombs
from tests.core.table_notices import table_notice
from zhenggai.core import ledger_import as li
from zhenggai.core.expansion import ExpansionLimits
from zhenggai.core.notices import NoticeReadError, SpreadsheetGiven, parse_bytes

MB = 1024 * 1024


def peak_python_memory(call: Callable[[], object]) -> int:
    """Peak bytes Python allocated while ``call`` ran (it is expected to raise)."""
    tracemalloc.start()
    try:
        call()
    except (NoticeReadError, li.LedgerFileError):
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_docx_that_unpacks_to_400_mb_is_refused_without_unpacking_it(docx_bomb: Path):
    data = docx_bomb.read_bytes()
    assert len(data) < 5 * MB
    with pytest.raises(NoticeReadError, match="解压后有 399 MB，超过上限 40 MB"):
        parse_bytes(data, "通报.docx")
    assert peak_python_memory(lambda: parse_bytes(data, "通报.docx")) < 20 * MB


def test_zhenggai_parse_refuses_the_docx_bomb_in_a_small_process(docx_bomb: Path):
    script = (
        "import sys\n"
        "from zhenggai.cli import main\n"
        f"code = main(['parse', {str(docx_bomb)!r}])\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a
        # big pytest worker would report the worker's size.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(hwm.split()[1], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1
    assert "解压后有 399 MB" in done.stderr
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    assert peak_kb < 200 * 1024  # the same command took 2.4 GB before the check


def test_a_zip_that_understates_a_members_size_is_refused_after_one_block():
    data = bombs.docx_understating_its_size(unpacked=50 * MB, declared=1000)
    with pytest.raises(NoticeReadError, match="与记录的大小不符"):
        parse_bytes(data, "通报.docx")
    assert peak_python_memory(lambda: parse_bytes(data, "通报.docx")) < 20 * MB


def test_a_workbook_holding_one_10_mb_string_is_refused():
    data = bombs.xlsx_long_string()
    assert len(data) < 100_000
    with pytest.raises(li.LedgerFileError, match="压缩比"):
        li.read_table(data)
    assert peak_python_memory(lambda: li.read_table(data)) < 20 * MB


def test_the_10_mb_string_is_refused_for_its_length_when_the_ratio_is_allowed():
    data = bombs.xlsx_long_string()
    limits = ExpansionLimits(ratio=10**9)
    with pytest.raises(li.LedgerFileError, match="超过 32767 个字符"):
        li.read_table(data, limits=limits)
    assert peak_python_memory(lambda: li.read_table(data, limits=limits)) < 100 * MB


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: bombs.xlsx_long_string(40_000), id="shared-string"),
        pytest.param(lambda: bombs.xlsx_long_inline_text(40_000), id="inline-string"),
    ],
)
def test_a_cell_longer_than_excel_allows_is_refused_even_in_a_small_file(build):
    with pytest.raises(li.LedgerFileError, match="超过 32767 个字符"):
        li.read_table(build())


def test_a_long_cell_within_excels_limit_is_read():
    table = li.read_table(bombs.xlsx_long_inline_text(30_000))
    assert len(table.rows[0][1][2]) == 30_000


def test_a_sheet_declaring_the_widest_grid_is_refused_before_openpyxl_pads_its_rows():
    with pytest.raises(li.LedgerFileError, match=r"201 行 × 16,384 列"):
        li.read_table(bombs.xlsx_wide_grid(rows=200))


def test_an_archive_of_thousands_of_files_is_refused_from_its_end_record():
    with pytest.raises(NoticeReadError, match="3001 个文件"):
        parse_bytes(bombs.zip_of_many_members(3_000), "通报.docx")


def test_a_web_page_of_too_many_tags_is_refused():
    with pytest.raises(NoticeReadError, match="个标签"):
        parse_bytes(bombs.html_of_many_tags(600_000), "通报.html")
    with pytest.raises(NoticeReadError, match="个标签"):
        parse_bytes(bombs.html_of_many_tags(600_000), "通报.txt")  # sniffed as a page


def test_the_limits_are_arguments_and_honest_files_pass_the_defaults():
    notice = table_notice()
    assert parse_bytes(notice, "通报.docx").problems
    with pytest.raises(NoticeReadError, match="超过上限"):
        parse_bytes(notice, "通报.docx", ExpansionLimits(member_bytes=1000))
    ledger = bombs.ordinary_workbook(rows=5)
    assert len(li.read_table(ledger).rows) == 5
    with pytest.raises(li.LedgerFileError, match="单元格"):
        li.read_table(ledger, limits=ExpansionLimits(cells=10))
    page = b"<html><body>" + b"<p>\xe4\xb8\x80</p>" * 100 + b"</body></html>"
    with pytest.raises(NoticeReadError, match="标签"):
        parse_bytes(page, "a.html", ExpansionLimits(html_tags=50))


def test_a_workbook_dropped_on_the_notice_reader_is_named_a_ledger(capsys, tmp_path):
    with pytest.raises(SpreadsheetGiven, match="Excel"):
        parse_bytes(bombs.ordinary_workbook(), "台账.xlsx")
    path = tmp_path / "台账.xlsx"
    path.write_bytes(bombs.ordinary_workbook())
    from zhenggai.cli import main

    assert main(["parse", str(path)]) == 1
    assert "import-ledger" in capsys.readouterr().err


def test_a_damaged_zip_is_still_reported_as_damaged():
    data = io.BytesIO(table_notice()).getvalue()[:2000]
    with pytest.raises(NoticeReadError, match="损坏"):
        parse_bytes(data, "通报.docx")


def _parse_in_child(path: Path) -> tuple[int, str, int]:
    """``zhenggai parse PATH`` in a fresh interpreter: (exit code, stderr, VmHWM in KB)."""
    script = (
        "import sys\n"
        "from zhenggai.cli import main\n"
        f"code = main(['parse', {str(path)!r}])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(hwm.split()[1], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    return done.returncode, done.stderr, int(done.stderr.strip().splitlines()[-1])


def test_a_pdf_whose_one_stream_inflates_to_70_mb_is_refused_after_2_mb():
    data = bombs.pdf_bomb()
    assert len(data) < 300_000
    with pytest.raises(NoticeReadError, match=r"PDF文件内有数据流解压后超过上限 2\.0 MB"):
        parse_bytes(data, "通报.pdf")
    assert peak_python_memory(lambda: parse_bytes(data, "通报.pdf")) < 30 * MB


def test_zhenggai_parse_refuses_the_pdf_bomb_in_a_small_process(tmp_path):
    path = tmp_path / "通报.pdf"
    path.write_bytes(bombs.pdf_bomb())
    code, stderr, peak_kb = _parse_in_child(path)
    assert code == 1 and "解压后超过上限 2.0 MB" in stderr
    assert peak_kb < 200 * 1024  # 400 MB and 23 s before the bound


def test_pages_sharing_a_large_stream_are_refused_for_their_contents_together():
    data = bombs.pdf_bomb(1900 * 1024, pages=50)
    with pytest.raises(NoticeReadError, match=r"页面内容解压后超过 8\.0 MB"):
        parse_bytes(data, "通报.pdf")


def test_a_form_drawn_many_times_counts_each_time_it_is_drawn():
    # 1 MB of operators drawn 20 times: 20 MB to parse from a 3 KB page.
    with pytest.raises(NoticeReadError, match=r"页面内容解压后超过 8\.0 MB"):
        parse_bytes(bombs.pdf_form_bomb(), "通报.pdf")
    assert parse_bytes(bombs.pdf_form_bomb(20 * 1024, draws=2), "a.pdf") is not None


def test_pdf_pages_contents_and_text_are_bounded_by_the_limits_given():
    small = bombs.pdf_bomb(60 * 1024, pages=3)
    assert parse_bytes(small, "a.pdf", ExpansionLimits()).warnings is not None  # read
    with pytest.raises(NoticeReadError, match="PDF文件有 3 页，超过上限 2 页"):
        parse_bytes(small, "a.pdf", ExpansionLimits(pdf_pages=2))
    with pytest.raises(NoticeReadError, match="提取出的文字超过 1,000 个字符"):
        parse_bytes(small, "a.pdf", ExpansionLimits(pdf_text_chars=1_000))
    with pytest.raises(NoticeReadError, match="重新导出PDF"):
        parse_bytes(small, "a.pdf", ExpansionLimits(pdf_stream_bytes=10_000))
