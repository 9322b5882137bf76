"""Reading what users upload: encodings, saved web pages, Word, PDF, and what cannot be read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.core.notice_variants import to_gov_html
from zhenggai.core.notices import NoticeReadError, parse_bytes, parse_file, read_document
from zhenggai.core.notices.reading import load_document

TEXT = (
    "中共青石镇委员会关于巡察整改进展情况的通报\n"
    "根据县委统一部署，2024年5月6日至7月5日，县委第一巡察组对青石镇党委开展巡察。\n"
    "二、巡察反馈问题整改落实情况\n"
    "(1)茶园管护不到位\n"
    "一是补种茶苗1200株；二是聘请技术员2名。\n"
    "中共青石镇委员会\n"
    "2024年12月30日\n"
)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(TEXT.encode("gbk"), "gbk", id="gbk"),
        pytest.param(TEXT.encode("gb18030"), "gb18030", id="gb18030"),
        pytest.param(TEXT.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-without-bom"),
    ],
)
def test_text_in_each_common_encoding_reads_the_same(data: bytes, name: str):
    document = load_document(data, "notice.txt")
    assert document.text.replace("\r\n", "\n") == TEXT


def test_a_utf8_file_cut_in_the_middle_of_a_character_warns_and_keeps_the_rest():
    data = TEXT.encode("utf-8")[:-2]
    document = load_document(data, "notice.txt")
    assert document.text.startswith("中共青石镇委员会")
    assert any("不完整" in w.message for w in document.warnings)


def test_a_guessed_encoding_is_named_in_a_warning():
    traditional = (
        "青石鎮黨委關於巡察整改進展情況的通報。根據縣委統一部署開展巡察。一是健全制度。" * 4
    )
    document = load_document(traditional.encode("big5"), "notice.txt")
    assert document.text.startswith("青石鎮黨委")
    assert any("big5" in w.message.lower() for w in document.warnings)


def test_a_saved_government_page_loses_its_menus_breadcrumb_share_bar_and_footer():
    text = read_document(to_gov_html(TEXT).encode("utf-8"), "page.html")
    assert text.splitlines()[0] == "中共青石镇委员会关于巡察整改进展情况的通报"
    for chrome in ("首页", "您当前的位置", "分享", "ICP", "版权所有", "脚本", "float", "登录"):
        assert chrome not in text
    assert "一是补种茶苗1200株" in text


def test_a_page_declaring_gb2312_is_decoded_with_its_charset():
    page = to_gov_html(TEXT).replace('charset="utf-8"', 'charset="gb2312"')
    notice = parse_bytes(page.encode("gbk"), "page.htm")
    assert notice.title == "中共青石镇委员会关于巡察整改进展情况的通报"
    assert len(notice.problems) == 1


def test_web_debris_inside_a_text_file_is_ignored():
    debris = (
        "长者模式 登录\n您当前的位置：首页 > 通知公告\n"
        "信息来源：青石镇 发布日期：2024-12-30 分享：\n"
    )
    notice = parse_bytes((debris + TEXT + "粤ICP备00000000号-1\n").encode(), "notice.txt")
    assert notice.title == "中共青石镇委员会关于巡察整改进展情况的通报"
    assert notice.published is not None and notice.published.isoformat() == "2024-12-30"


def _docx(*blocks: str | list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_paragraphs_and_tables_come_out_in_document_order():
    data = _docx("第一段", [["表格甲", "表格乙"], ["表格丙", "表格丁"]], "最后一段")
    assert read_document(data, "notice.docx").splitlines() == [
        "第一段",
        "表格甲",
        "表格乙",
        "表格丙",
        "表格丁",
        "最后一段",
    ]


def test_word_automatic_numbering_is_printed_as_the_reader_sees_it():
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    formats = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(formats)
    )
    numbering.append(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    )
    for text, level in [
        ("总体情况", 0),
        ("反馈问题", 0),
        ("第一方面", 1),
        ("甲", 2),
        ("乙", 2),
        ("第二方面", 1),
        ("丙", 2),
    ]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'
            )
        )
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_document(buffer.getvalue(), "notice.docx").splitlines() == [
        "一、总体情况",
        "二、反馈问题",
        "（一）第一方面",
        "1.甲",
        "2.乙",
        "（二）第二方面",
        "1.丙",
    ]


def _pdf(lines: list[str]) -> bytes:
    pytest.importorskip("reportlab", reason="reportlab builds the test PDFs")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        pdf.drawString(40, 780 - 18 * i, line)
    pdf.drawCentredString(297, 30, "— 1 —")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_pdf_with_a_text_layer_is_read_and_its_lines_joined():
    data = _pdf(
        [
            "根据县委统一部署，2024年5月6日至7月5日，县委第一巡察组对青石镇",
            "党委开展巡察。",
            "二、巡察反馈问题整改落实情况",
            "(1)茶园管护不到位",
            "一是补种茶苗1200株，二是聘请技术员2名，三是建立管护台账，确保",
            "管护到位。",
            "中共青石镇委员会",
            "2024年12月30日",
        ]
    )
    notice = parse_bytes(data, "notice.pdf")
    assert notice.inspection.group == "县委第一巡察组"
    assert [len(p.measures) for p in notice.problems] == [3]
    assert notice.problems[0].measures[2].text == "建立管护台账，确保管护到位。"


def test_a_scanned_pdf_asks_for_ocr_or_another_version():
    pytest.importorskip("reportlab", reason="reportlab builds the test PDFs")
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(50, 50, 400, 600, fill=1)  # an image of a page, no text
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoticeReadError) as error:
        read_document(buffer.getvalue(), "scan.pdf")
    assert "扫描版PDF" in error.value.reason and "OCR" in error.value.reason
    assert "OCR" in error.value.reason_en


def test_an_encrypted_pdf_is_refused_with_a_clear_reason():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(NoticeReadError, match="加密"):
        read_document(buffer.getvalue(), "locked.pdf")


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        pytest.param(b"", "notice.txt", "空", id="empty"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "notice.doc",
            ".docx",
            id="legacy-doc",
        ),
        pytest.param(b"{\\rtf1\\ansi 123}", "notice.rtf", "RTF", id="rtf"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "scan.png", "OCR", id="image"),
        pytest.param(b"%PDF-1.4\n1 0 obj garbage", "broken.pdf", "损坏", id="broken-pdf"),
        pytest.param(b"PK\x03\x04 not really a zip", "broken.docx", "损坏", id="broken-docx"),
        pytest.param(bytes(range(256)) * 40, "blob.txt", "不是文本", id="binary"),
    ],
)
def test_unreadable_files_raise_one_error_with_a_chinese_reason(data, filename, reason):
    with pytest.raises(NoticeReadError) as error:
        read_document(data, filename)
    assert reason in error.value.reason
    assert error.value.reason_en
    assert str(error.value) == f"{error.value.reason} / {error.value.reason_en}"


def test_a_spreadsheet_is_refused_as_not_being_a_notice():
    import openpyxl

    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(NoticeReadError, match="Excel"):
        read_document(buffer.getvalue(), "ledger.xlsx")


def test_a_web_page_saved_with_a_doc_extension_is_still_read():
    page = to_gov_html(TEXT).encode("utf-8")
    assert "茶园管护不到位" in read_document(page, "notice.doc")


def test_parse_file_reads_from_disk_and_reports_a_missing_file(tmp_path: Path):
    path = tmp_path / "notice.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert parse_file(path).problems[0].title == "茶园管护不到位"
    with pytest.raises(NoticeReadError, match="无法打开文件"):
        parse_file(tmp_path / "missing.txt")
