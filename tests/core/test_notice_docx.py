"""The Word file follows GB/T 9704-2012 and names the 公文 fonts in the XML."""

import io
import zipfile

from docx import Document
from docx.shared import Mm, Pt

from tests.core.test_notice_render import data
from zhenggai.core.notice_docx import render_docx
from zhenggai.core.notice_render import build_notice


def _docx():
    return render_docx(build_notice(data()))


def test_page_is_a4_with_the_standard_margins():
    section = Document(io.BytesIO(_docx())).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.5)
    assert abs(section.left_margin - Mm(28)) < Mm(0.5)
    assert abs(section.right_margin - Mm(26)) < Mm(0.5)


def test_title_body_and_heading_fonts_and_sizes():
    doc = Document(io.BytesIO(_docx()))
    paras = [p for p in doc.paragraphs if p.text]
    title = paras[0]
    assert title.alignment == 1  # centred
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0].font.name == "方正小标宋简体"
    h1 = next(p for p in paras if p.text.startswith("一、"))
    assert h1.runs[0].font.name == "黑体"
    h2 = next(p for p in paras if p.text.startswith("（一）提高"))
    assert h2.runs[0].font.name == "楷体_GB2312" and h2.runs[1].font.name == "仿宋_GB2312"
    body = paras[1]
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == "仿宋_GB2312"
    spacing = body.paragraph_format.line_spacing
    assert Pt(28) <= spacing <= Pt(29)


def test_east_asian_font_names_are_in_the_xml():
    xml = zipfile.ZipFile(io.BytesIO(_docx())).read("word/document.xml").decode()
    assert 'w:eastAsia="仿宋_GB2312"' in xml
    assert 'w:eastAsia="黑体"' in xml
    assert 'w:eastAsia="方正小标宋简体"' in xml
    assert 'w:lineRule="exact"' in xml


def test_footer_carries_a_page_field_between_dashes():
    files = zipfile.ZipFile(io.BytesIO(_docx()))
    footers = [n for n in files.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2  # odd pages right, even pages left
    for name in footers:
        xml = files.read(name).decode()
        assert "PAGE" in xml and "— " in xml and " —" in xml
