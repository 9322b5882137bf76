"""Text a writer would keep, and titles broken where a reader breaks them."""

import datetime as dt
import io

import pytest
from docx import Document

from tests.core.test_notice_render import data, measure
from zhenggai.core import gongwen
from zhenggai.core import notice_render as nr
from zhenggai.core.notices.labels import Split, split_label, strip_label
from zhenggai.core.report import ReportData, build_report


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("（三）问题5：集体资产租赁不规范", "集体资产租赁不规范"),
        ("2.清查合同", "清查合同"),
        ("一是清查合同", "清查合同"),
        ("①追缴欠租", "追缴欠租"),
        ("清理合同12宗", "清理合同12宗"),
        ("2026年完成清查", "2026年完成清查"),
    ],
)
def test_one_function_strips_a_stored_label(stored, text):
    assert strip_label(stored) == text


def test_the_same_rule_names_the_label_and_the_code_it_carried():
    assert split_label("（三）问题5：集体资产") == Split("（三）问题5：", "问题5", "集体资产")
    assert split_label("一是清查") == Split("一是", "", "清查")
    assert split_label("四是") == Split("", "", "四是")


def test_labels_come_from_the_ledger_order_never_from_stored_text():
    problem = nr.ProblemItem(
        "（五）问题9：资产台账不清",
        code="问题9",
        measures=[measure("三是建立台账"), measure("1.清查资产")],
    )
    body = nr.build_notice(data(aspects=[nr.AspectNode("二、资金方面", problems=[problem])]))
    lines = body.body_text().splitlines()
    assert "（一）资金方面" in lines
    assert "1.问题9：资产台账不清" in lines
    i = lines.index("1.问题9：资产台账不清")
    assert lines[i + 1] == "一是建立台账。"
    assert lines[i + 2].startswith("二是清查资产。")


def test_no_zero_counts_in_the_registers_paragraph():
    registers = nr.Registers(regulations_new=3, measures_total=5, problems_total=2)
    text = nr.registers_paragraph(data().facts, registers)
    assert "新制定制度3项" in text
    assert "0项" not in text and "已完成0" not in text


@pytest.mark.parametrize(
    ("states", "sentence"),
    [
        ([True, True], "目前，该问题已完成整改。"),
        ([True, False, False], "截至2026年11月20日，该问题3项整改措施已完成1项、正在推进2项。"),
        ([False, False], "截至2026年11月20日，该问题2项整改措施均在推进。"),
        ([False], "截至2026年11月20日，该问题整改措施正在推进。"),
    ],
)
def test_one_progress_sentence_per_problem_from_the_measures_states(states, sentence):
    measures = [
        measure(f"措施{i}", closed=closed, progress_date=dt.date(2026, 11, 20 - i))
        for i, closed in enumerate(states)
    ]
    problem = nr.ProblemItem("问题", measures=measures)
    assert nr.problem_progress(problem) == sentence
    text = nr.build_notice(data(aspects=[nr.AspectNode("方面", problems=[problem])])).to_text()
    assert text.count(sentence) == 1 and "该项" not in text


def test_contacts_are_lines_of_their_own():
    doc = nr.build_notice(data())
    contacts = [b.text for b in doc.tail if b.kind == "contact"]
    assert contacts[0].startswith("联系电话：") and contacts[-1].startswith("电子邮箱：")


TITLE = "中共临江市云溪镇委员会关于临江市委巡察整改进展情况的通报"
NAMES = ("中共临江市云溪镇委员会", "临江市委第二巡察组", "云溪镇党委", "临江市委巡察")


def test_title_breaks_between_words_into_even_centred_lines():
    lines = gongwen.title_lines(TITLE, NAMES)
    assert lines == ["中共临江市云溪镇委员会关于", "临江市委巡察整改进展情况的通报"]
    assert len(lines[0]) in gongwen.word_boundaries(TITLE)


def test_long_title_takes_at_most_three_lines_and_keeps_names_whole():
    title = "中共临江市云溪镇委员会关于临江市委第二巡察组巡察反馈意见整改情况的报告"
    lines = gongwen.title_lines(title, NAMES)
    assert 1 < len(lines) <= gongwen.TITLE_MAX_LINES
    assert all(len(line) <= gongwen.TITLE_CHARS_PER_LINE for line in lines)
    assert "".join(lines) == title
    assert any("临江市委第二巡察组" in line for line in lines)


def test_short_title_stays_on_one_line():
    assert gongwen.title_lines("云溪镇党委巡察整改工作通报") == ["云溪镇党委巡察整改工作通报"]


def test_word_title_has_line_breaks_and_signature_keeps_with_the_text():
    from zhenggai.core.notice_docx import render_docx

    word = Document(io.BytesIO(render_docx(nr.build_notice(data()))))
    paras = word.paragraphs
    assert paras[0].text == "\n".join(gongwen.title_lines(paras[0].text.replace("\n", "")))
    signature = next(i for i, p in enumerate(paras) if p.text == "中共临江市云溪镇委员会")
    closing = next(i for i, p in enumerate(paras) if p.text.startswith("诚请"))
    assert all(p.paragraph_format.keep_with_next for p in paras[closing:signature])
    contact = next(p for p in paras if p.text.startswith("邮政编码"))
    assert contact.alignment == 0  # left, never justified


def test_report_has_the_usual_structure_and_names_leaders_and_units():
    m = measure("清查合同", leader="周海涛", unit="财政所", deadline=dt.date(2026, 9, 30))
    m = nr.MeasureItem(**{**m.__dict__, "state": "推进中"})
    notice = data(
        aspects=[nr.AspectNode("方面", problems=[nr.ProblemItem("问题甲", measures=[m])])]
    )
    doc = build_report(
        ReportData(notice=notice, regulations=["《制度》（新制定）。"], date=dt.date(2026, 8, 1))
    )
    text = doc.to_text()
    assert doc.body[0].kind == "salutation" and doc.body[0].text == "临江市委巡察工作领导小组："
    for part in ("一、整改工作总体情况", "二、巡察反馈问题整改情况", "三、建章立制情况"):
        assert part in text
    assert "四、问责追责和挽回损失情况" in text and "整改期间未开展问责追责。" in text
    assert "五、下一步工作打算" in text and "特此报告。" in text
    assert "责任领导：周海涛；牵头单位：财政所；完成时限：2026年9月30日；状态：推进中" in text
    assert text.rstrip().endswith("中共临江市云溪镇委员会\n2026年8月1日")
