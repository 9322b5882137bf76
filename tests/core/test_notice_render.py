"""The notice assembled from plain data: structure, numbering, closing, escaping."""

import datetime as dt
from decimal import Decimal

import pytest

from zhenggai.core import notice_render as nr

FACTS = nr.InspectionFacts(
    kind="巡察",
    group="临江市委第二巡察组",
    target="云溪镇党委",
    issuer="中共临江市云溪镇委员会",
    start=dt.date(2026, 3, 1),
    end=dt.date(2026, 4, 20),
    feedback=dt.date(2026, 6, 3),
)
CONTACTS = nr.Contacts(
    disclosure_start=dt.date(2026, 11, 20),
    disclosure_end=dt.date(2026, 12, 4),
    phone="0000-7654321",
    phone_hours="工作日9:00-17:00",
    postal_address="临江市云溪镇府前路1号",
    envelope_words="对云溪镇党委巡察整改的意见建议",
    postcode="510999",
    email="yunxi@example.cn",
)


def measure(text="清查租赁合同", **kw):
    return nr.MeasureItem(text=text, **kw)


def data(**kw):
    aspects = [
        nr.AspectNode(
            "资金资产方面",
            children=[
                nr.AspectNode(
                    "资产管理",
                    problems=[
                        nr.ProblemItem(
                            "集体资产租赁不规范",
                            code="问题1",
                            measures=[
                                measure(
                                    progress="已清查合同",
                                    figures=[nr.Figure("清理合同", 12, "宗")],
                                    closed=True,
                                ),
                                measure("追缴欠租"),
                            ],
                        ),
                        nr.ProblemItem(
                            "耕地保护不到位",
                            code="问题2",
                            long_term=True,
                            measures=[
                                measure(
                                    "建立田长制",
                                    long_term=True,
                                    milestones_done=1,
                                    milestones_total=3,
                                    next_milestone="完成全镇巡查",
                                    next_milestone_due=dt.date(2027, 1, 31),
                                )
                            ],
                        ),
                    ],
                )
            ],
        )
    ]
    base = dict(
        facts=FACTS,
        registers=nr.Registers(
            meetings=3,
            supervisions=4,
            regulations_new=2,
            regulations_revised=1,
            accountability=[("约谈", 5), ("诫勉", 1)],
            recoveries=[("追回", Decimal("12.3000")), ("清退", Decimal("0.5"))],
            measures_total=3,
            measures_closed=1,
            problems_total=2,
        ),
        aspects=aspects,
        contacts=CONTACTS,
        attachments=["桃源村党总支巡察整改进展情况台账", "石桥村党支部巡察整改进展情况台账"],
        date=dt.date(2026, 11, 20),
    )
    base.update(kw)
    return nr.NoticeData(**base)


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")]
)
def test_chinese_numbers(n, text):
    assert nr.cn_number(n) == text


def test_opening_states_group_target_dates_and_announces_the_progress():
    text = nr.opening(FACTS)
    assert "临江市委" in text and "临江市委第二巡察组对云溪镇党委" in text
    assert "2026年3月1日至4月20日" in text
    assert "2026年6月3日" in text
    assert text.endswith("现将巡察整改进展情况予以公布。")


def test_part_one_counts_come_from_the_registers():
    body = nr.build_notice(data()).body_text()
    assert "召开专题会议3次" in body
    assert "督办约谈4次" in body
    assert "新制定制度2项、修订完善制度1项" in body
    assert "问责追责6人次（其中约谈5人次、诫勉1人次）" in body
    assert "挽回经济损失12.8万元" in body


def test_problems_sit_under_their_aspects_with_measures_numbered_yishi_ershi():
    lines = nr.build_notice(data()).body_text().splitlines()
    i = lines.index("二、巡察反馈问题整改落实情况")
    assert lines[i + 1 : i + 4] == [
        "（一）资金资产方面",
        "1.资产管理",
        "（1）问题1：集体资产租赁不规范",
    ]
    assert lines[i + 4].startswith("一是清查租赁合同。已清查合同，清理合同12宗。")
    assert lines[i + 5].startswith("二是追缴欠租。")
    # One sentence on the whole problem, not a fixed phrase after every measure.
    assert lines[i + 5].endswith("目前，该问题2项整改措施已完成1项、正在推进1项。")
    assert "该项" not in "\n".join(lines)


def test_long_term_problems_appear_once_in_part_three_with_milestones():
    body = nr.build_notice(data()).body_text()
    assert body.count("耕地保护不到位") == 1
    part3 = body.split("三、需长期整改事项推进情况")[1]
    assert "（一）问题2：耕地保护不到位" in part3
    assert "已完成阶段目标1项（共3项）" in part3 and "2027年1月31日前完成" in part3
    assert "四、下一步工作打算" in part3


def test_without_long_term_items_next_steps_are_part_three():
    d = data(
        aspects=[nr.AspectNode("方面", problems=[nr.ProblemItem("问题甲", measures=[measure()])])]
    )
    body = nr.build_notice(d).body_text()
    assert "三、下一步工作打算" in body and "四、" not in body


def test_closing_paragraph_gives_window_phone_hours_address_envelope_postcode_email():
    doc = nr.build_notice(data())
    closing = "\n".join(b.text for b in doc.tail if b.kind in ("closing", "contact"))
    for part in (
        "公开期限：2026年11月20日至12月4日",
        "联系电话：0000-7654321（工作日9:00-17:00）",
        "邮政信箱：临江市云溪镇府前路1号（信封上请注明“对云溪镇党委巡察整改的意见建议”）",
        "邮政编码：510999",
        "电子邮箱：yunxi@example.cn",
    ):
        assert part in closing


def test_tail_ends_with_attachments_signature_and_date():
    text = nr.build_notice(data()).to_text()
    assert text.rstrip().endswith("中共临江市云溪镇委员会\n2026年11月20日")
    assert "附件：\n1.桃源村党总支巡察整改进展情况台账\n2.石桥村党支部" in text


def test_edited_body_is_read_back_by_its_numbering():
    doc = nr.document_from_body(
        "标题", "开头。\n一、第一部分\n（一）加强领导。具体做法。\n1.小标题\n正文段落"
    )
    kinds = [(b.kind, b.lead) for b in doc.body]
    assert kinds == [("para", ""), ("h1", ""), ("h2", "（一）加强领导。"), ("h3", ""), ("para", "")]
    assert doc.body[2].text == "具体做法。"


def test_generated_body_survives_a_round_trip_through_text():
    doc = nr.build_notice(data())
    again = nr.document_from_body(doc.title, doc.body_text())
    assert again.body_text() == doc.body_text()


def test_html_escapes_everything():
    doc = nr.document_from_body("<b>标题</b>", "<script>alert(1)</script>")
    out = nr.render_html(doc)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;b&gt;" in out
