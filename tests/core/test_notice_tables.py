"""Problems printed in a Word table: any column order and wording, merged cells,
headings across the table; the table's cells never become the signature."""

from __future__ import annotations

import io
import json

import docx
import pytest

from tests.core.table_notices import table_notice
from zhenggai.core.ledger_import import FIELD_BY_KEY
from zhenggai.core.notices import parse_bytes

SHUFFLED = ("整改时限", "问题描述", "具体整改措施", "序", "牵头部门", "进展情况")
RARE = ("序号", "主要问题", "整改举措", "主责单位", "办结时限", "进展")


def _summary(data: bytes) -> list[tuple]:
    notice = parse_bytes(data, "通报.docx")
    return [
        (
            p.label,
            p.title,
            tuple(p.aspects),
            tuple((m.label, m.text, m.lead_unit, m.deadline, m.progress) for m in p.measures),
        )
        for p in notice.problems
    ]


def test_a_word_table_gives_problems_with_measures_units_deadlines_and_progress():
    notice = parse_bytes(table_notice(), "通报.docx")
    assert [p.label for p in notice.problems] == ["1", "2", "3"]
    first, second, third = notice.problems
    assert first.title == "理论学习中心组学习计划执行不严格，专题研讨流于形式"
    assert first.aspects == ["党的建设方面"]
    assert [(m.lead_unit, m.deadline) for m in first.measures] == [
        ("镇党政办", "2024年9月30日"),
        ("镇党政办", "长期坚持"),
    ]
    assert second.measures[0].progress == "已完成"
    assert third.aspects == ["落实全面从严治党方面"]
    assert [(m.label, m.text) for m in third.measures] == [
        ("一是", "清理2023年以来公务接待报销凭证"),
        ("二是", "追回违规报销费用1.2万元"),
    ]
    assert [a.title for a in notice.aspects] == ["党的建设方面", "落实全面从严治党方面"]


@pytest.mark.parametrize("headers", [SHUFFLED, RARE], ids=["shuffled", "rare-synonyms"])
def test_any_column_order_and_the_excel_imports_header_wording_read_the_same(headers):
    assert _summary(table_notice(headers)) == _summary(table_notice())


def test_the_header_words_are_the_excel_imports_own():
    for header, key in zip(RARE[1:5], ("problem", "measure", "lead_unit", "deadline"), strict=True):
        assert header in FIELD_BY_KEY[key].synonyms


def test_the_table_is_not_read_as_text_so_the_signature_and_metadata_are_the_documents():
    notice = parse_bytes(table_notice(), "通报.docx")
    assert notice.title == "中共石桥镇委员会关于市委第二巡察组巡察反馈意见整改进展情况的通报"
    assert notice.issuer == "中共石桥镇委员会"
    assert str(notice.published) == "2024-10-08"
    assert notice.inspection.targets == ["石桥镇党委"]
    assert not [w for w in notice.warnings if w.line is None and "问题" in w.message]


def test_without_a_signature_no_cell_of_the_table_is_taken_for_one():
    notice = parse_bytes(table_notice(signature=False), "通报.docx")
    assert notice.published is None
    assert notice.issuer not in {"镇党政办", "镇组织办", "镇财政所", "已追回1.2万元"}


def test_a_table_without_problem_columns_stays_text():
    document = docx.Document()
    document.add_paragraph("联系方式")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "电话", "邮箱"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "0571-86001234", "a@example.cn"
    out = io.BytesIO()
    document.save(out)
    notice = parse_bytes(out.getvalue(), "a.docx")
    assert notice.problems == []
    assert "a@example.cn" in notice.contacts.emails


def test_the_json_of_a_table_notice_carries_units_and_deadlines(tmp_path, capsys):
    from zhenggai.cli import main

    path = tmp_path / "通报.docx"
    path.write_bytes(table_notice())
    assert main(["parse", str(path)]) == 0
    measure = json.loads(capsys.readouterr().out)["problems"][1]["measures"][0]
    assert (measure["lead_unit"], measure["deadline"]) == ("镇组织办", "2024年8月31日")
