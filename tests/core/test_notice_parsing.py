"""Parsing invented notices (青石镇, 红岭县) that exercise every numbering style."""

from __future__ import annotations

from datetime import date

import pytest

from zhenggai.core.notices import Notice, parse_text

QINGSHI = """青石镇人民政府网站
您当前的位置：首页 > 信息公开 > 通知公告
中共青石镇委员会关于县委第二轮巡察整改进展情况的通报
发布时间：2025-03-21 分享到：
根据县委统一部署，2024年10月8日至12月6日，县委第二巡察组对青石镇党委开展巡察。1月15日，县委巡察组向青石镇党委反馈巡察意见。现将整改进展情况予以公布。
一、党委履行整改主体责任情况
(一)加强组织领导
镇党委召开专题会议3次，研究部署整改工作。
二、巡察反馈问题整改落实情况
(一)关于理论学习不够深入方面
1.学习制度执行不严
(1)问题3：中心组学习流于形式。
一是修订《青石镇党委理论学习中心组学习制度》，明确每月集中学习1次。
二是建立学习台账，开展专题学习12次。
(2)问题1：学用结合不紧密。
围绕茶叶产业开展调研4次，形成调研报告2份。
2.基层宣讲覆盖不足
(3)问题5：村级宣讲开展少。一是组建宣讲队8支；二是开展进村宣讲46场次。
(二)关于为民办事不够到位方面
1.针对“山塘清淤进度慢”的问题。一是完成清淤2.6万立方米；二是落实巡塘员12人；三是投入资金85万元。
2.针对“便民服务点运行不规范”的问题。(1)关于值班制度不落实。已制定轮值表并张贴公示。(2)关于收费不透明。一是清理收费项目5项；二是公开收费标准。
三、需长期整改事项进展情况
(一)问题12：茶园基础设施薄弱。
一是新修机耕路3.2公里；二是建成灌溉设施2处。
问题9：集体经济收入偏低。
①盘活闲置校舍1处，年增收6万元；②引进加工企业2家。
四、下一步工作打算
(一)持续抓好整改。坚持标准不降，依照《中华人民共和国村民委员会组织法》规范村务。
欢迎广大干部群众对巡察整改落实情况进行监督。公开期限：2025年3月21日至4月3日。联系电话：0000-1234567、0000-7654321；邮政信箱：青石县青石镇府前路1号青石镇纪委(信封注明“巡察整改意见”)；邮政编码：999001；电子邮箱：qsxc@example.org。
附件：1.青石镇白鹭村党支部整改进展情况的通报
2.青石镇竹溪村党支部整改进展情况的通报
中共青石镇委员会
2025年3月21日
版权所有：青石镇人民政府 粤ICP备00000000号
首页 政务公开 办事服务 互动交流
"""

HONGLING = """根据省委统一部署，2024年3月11日至5月10日，省委第三巡视组对红岭县进行了巡视。\
2024年7月2日，省委巡视组向红岭县委反馈了巡视意见。现将巡视整改进展情况予以公布。
一、提高政治站位，扛起整改责任
县委召开常委会会议6次，专题研究整改工作。
二、逐条逐项抓好反馈问题整改
第一方面问题，贯彻落实上级决策部署有差距
（一）推动产业发展力度不够问题
1．针对园区项目落地慢问题。一是建立项目专班；二是实行周调度；三是新增签约项目7个。
2．针对营商环境不优问题。
（1）精简审批事项38项。
（2）开设企业服务专线，办结诉求212件。
第二方面问题，基层党组织建设薄弱
（一）针对村级组织软弱问题
1．调整村党组织书记9名。
2．开展轮训4期，培训312人次。
（二）党员教育管理不严问题
落实“三会一课”制度，约谈支部书记15人。
三、下一步计划
持续巩固整改成果。
欢迎广大干部群众对巡视整改落实情况进行监督。联系方式：电话0000-3216549；\
邮政信箱 红岭县人民路8号、邮政编码999002；电子邮箱hlxsz@example.org。
中共红岭县委
二〇二四年十月十日
"""


@pytest.fixture(scope="module")
def qingshi() -> Notice:
    return parse_text(QINGSHI)


@pytest.fixture(scope="module")
def hongling() -> Notice:
    return parse_text(HONGLING)


def test_title_issuer_and_date_come_from_the_page_not_its_menus(qingshi: Notice):
    assert qingshi.title == "中共青石镇委员会关于县委第二轮巡察整改进展情况的通报"
    assert qingshi.issuer == "中共青石镇委员会"
    assert qingshi.published == date(2025, 3, 21)
    assert qingshi.warnings == []


def test_feedback_without_a_year_falls_after_the_stay(qingshi: Notice):
    inspection = qingshi.inspection
    assert (inspection.kind, inspection.group) == ("巡察", "县委第二巡察组")
    assert (inspection.start, inspection.end) == (date(2024, 10, 8), date(2024, 12, 6))
    assert inspection.feedback == date(2025, 1, 15)
    assert inspection.targets == ["青石镇党委"]


def test_disclosure_window_and_every_contact_channel_are_read(qingshi: Notice):
    assert qingshi.disclosure is not None
    assert (qingshi.disclosure.start, qingshi.disclosure.end) == (
        date(2025, 3, 21),
        date(2025, 4, 3),
    )
    contacts = qingshi.contacts
    assert contacts.phones == ["0000-1234567", "0000-7654321"]
    assert contacts.emails == ["qsxc@example.org"]
    assert contacts.postcode == "999001"
    assert contacts.address == "青石县青石镇府前路1号青石镇纪委"


def test_sections_are_classified_by_what_they_hold(qingshi: Notice):
    assert [(s.number, s.kind) for s in qingshi.sections] == [
        ("一", "other"),
        ("二", "problems"),
        ("三", "long_term"),
        ("四", "other"),
    ]


def test_problems_keep_labels_codes_aspects_and_measure_counts(qingshi: Notice):
    got = [
        (p.label, p.code, p.title, p.aspects, p.section, p.long_term, len(p.measures))
        for p in qingshi.problems
    ]
    assert got == [
        (
            "(1)",
            "问题3",
            "中心组学习流于形式",
            ["关于理论学习不够深入方面", "学习制度执行不严"],
            "二",
            False,
            2,
        ),
        (
            "(2)",
            "问题1",
            "学用结合不紧密",
            ["关于理论学习不够深入方面", "学习制度执行不严"],
            "二",
            False,
            1,
        ),
        (
            "(3)",
            "问题5",
            "村级宣讲开展少",
            ["关于理论学习不够深入方面", "基层宣讲覆盖不足"],
            "二",
            False,
            2,
        ),
        ("1.", None, "针对“山塘清淤进度慢”的问题", ["关于为民办事不够到位方面"], "二", False, 3),
        (
            "2.",
            None,
            "针对“便民服务点运行不规范”的问题",
            ["关于为民办事不够到位方面"],
            "二",
            False,
            3,
        ),
        ("(一)", "问题12", "茶园基础设施薄弱", [], "三", True, 2),
        (None, "问题9", "集体经济收入偏低", [], "三", True, 2),
    ]


def test_measures_keep_their_markers_and_text(qingshi: Notice):
    first = qingshi.problems[0].measures
    assert [m.label for m in first] == ["一是", "二是"]
    assert first[1].text == "建立学习台账，开展专题学习12次。"
    sub_parts = qingshi.problems[4].measures
    assert [m.label for m in sub_parts] == ["(1)", "一是", "二是"]
    assert sub_parts[0].text.startswith("关于值班制度不落实")
    circled = qingshi.problems[6].measures
    assert [m.label for m in circled] == ["①", "②"]


def test_measures_carry_the_figures_they_report(qingshi: Notice):
    figures = [(f.value, f.unit) for m in qingshi.problems[3].measures for f in m.figures]
    assert (85, "万元") in figures
    assert (3.2, "公里") in [(f.value, f.unit) for f in qingshi.problems[5].measures[0].figures]


def test_rules_made_are_listed_but_laws_cited_are_not(qingshi: Notice):
    assert qingshi.regulations == ["《青石镇党委理论学习中心组学习制度》"]


def test_attachments_are_listed_without_their_numbers(qingshi: Notice):
    assert qingshi.attachments == [
        "青石镇白鹭村党支部整改进展情况的通报",
        "青石镇竹溪村党支部整改进展情况的通报",
    ]


def test_aspect_tree_nests_sub_aspects_under_aspects(qingshi: Notice):
    tree = [(a.title, [c.title for c in a.children]) for a in qingshi.aspects]
    assert tree == [
        ("关于理论学习不够深入方面", ["学习制度执行不严", "基层宣讲覆盖不足"]),
        ("关于为民办事不够到位方面", []),
    ]


def test_a_provincial_notice_with_fangmian_headings_and_fullwidth_marks(hongling: Notice):
    assert hongling.title is None
    assert hongling.issuer == "中共红岭县委"
    assert hongling.published == date(2024, 10, 10)
    assert hongling.disclosure is None
    assert (hongling.inspection.kind, hongling.inspection.group) == ("巡视", "省委第三巡视组")
    assert hongling.inspection.feedback == date(2024, 7, 2)
    assert hongling.inspection.targets == ["红岭县"]
    assert hongling.contacts.address == "红岭县人民路8号"
    assert hongling.contacts.postcode == "999002"


def test_numbered_actions_under_a_problem_are_its_measures(hongling: Notice):
    got = [(p.label, p.title, p.aspects, len(p.measures)) for p in hongling.problems]
    assert got == [
        (
            "1．",
            "针对园区项目落地慢问题",
            ["贯彻落实上级决策部署有差距", "推动产业发展力度不够问题"],
            3,
        ),
        (
            "2．",
            "针对营商环境不优问题",
            ["贯彻落实上级决策部署有差距", "推动产业发展力度不够问题"],
            2,
        ),
        ("（一）", "针对村级组织软弱问题", ["基层党组织建设薄弱"], 2),
        ("（二）", "党员教育管理不严问题", ["基层党组织建设薄弱"], 1),
    ]


def _body(*lines: str) -> str:
    """A minimal notice around some problem lines, so each style can be tried alone."""
    return "\n".join(
        [
            "根据县委统一部署，2024年5月6日至7月5日，县委第一巡察组对青石镇党委开展巡察。",
            "二、巡察反馈问题整改落实情况",
            *lines,
            "三、下一步工作打算",
            "继续抓好整改。",
            "中共青石镇委员会",
            "2024年12月30日",
        ]
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [
                "1、茶园管护不到位",
                "一是补种茶苗。",
                "二是聘请技术员。",
                "2、山林防火不力",
                "一是增设防火带。",
            ],
            [("1、", "茶园管护不到位", 2), ("2、", "山林防火不力", 1)],
            id="arabic-with-dun-comma",
        ),
        pytest.param(
            ["⑴道路维护不及时", "①修补路面；②清理边沟。", "⑵路灯损坏多", "更换路灯40盏。"],
            [("⑴", "道路维护不及时", 2), ("⑵", "路灯损坏多", 1)],
            id="parenthesised-digit-characters",
        ),
        pytest.param(
            [
                "（１）台账不完整",
                "一是补齐台账。",
                "（２）档案管理乱",
                "一是整理档案；二是专人保管。",
            ],
            [("（１）", "台账不完整", 1), ("（２）", "档案管理乱", 2)],
            id="fullwidth-parentheses-and-digits",
        ),
        pytest.param(
            [
                "(1)问题1落实制度不严",
                "一是修订制度。",
                "2问题4:会议记录不全",
                "一是规范记录；二是按月检查。",
                "3问题2:公开不及时",
                "每月公开一次。",
            ],
            [("(1)", "落实制度不严", 1), ("2", "会议记录不全", 2), ("3", "公开不及时", 1)],
            id="parentheses-lost-in-copying",
        ),
        pytest.param(
            [
                "(一)关于集体资产管理方面",
                "1.针对“租金拖欠”的问题。一是清收欠租；二是完善合同。",
                "2.针对“资产底数不清”的问题。开展清产核资。",
            ],
            [("1.", "针对“租金拖欠”的问题", 2), ("2.", "针对“资产底数不清”的问题", 1)],
            id="guanyu-aspects-with-zhendui-problems",
        ),
        pytest.param(
            [
                "(1)村务公开不规范",
                "自整改以来，镇里加强了指导。",
                "规范公开栏。已更换公开栏8块。",
                "建立督查制度。每季度检查一次。",
            ],
            [("(1)", "村务公开不规范", 2)],
            id="unmarked-paragraphs-after-an-introduction",
        ),
    ],
)
def test_each_numbering_style_yields_the_problems_and_measures(lines, expected):
    notice = parse_text(_body(*lines))
    assert [(p.label, p.title, len(p.measures)) for p in notice.problems] == expected


def test_a_problem_without_any_measure_is_reported_in_a_warning():
    notice = parse_text(_body("(1)已发现的问题", "(2)另一个问题", "补齐材料。"))
    assert [len(p.measures) for p in notice.problems] == [0, 1]
    assert any(w.line == 3 and "没有找到整改措施" in w.message for w in notice.warnings)


def test_a_notice_without_recognisable_structure_says_so_instead_of_failing():
    notice = parse_text("这是一段随意的文字。\n没有编号，也没有日期。")
    assert notice.problems == []
    assert any("没有识别出任何问题" in w.message for w in notice.warnings)
    assert any("落款日期" in w.message for w in notice.warnings)


def test_empty_text_gives_an_empty_notice_with_a_warning():
    notice = parse_text("")
    assert notice.problems == [] and notice.warnings
    assert notice.to_dict()["inspection"]["targets"] == []


def test_to_dict_has_exactly_the_contract_keys_plus_documented_extras(qingshi: Notice):
    data = qingshi.to_dict()
    assert list(data) == [
        "title",
        "issuer",
        "published",
        "inspection",
        "disclosure",
        "contacts",
        "sections",
        "aspects",
        "problems",
        "regulations",
        "attachments",
        "warnings",
    ]
    problem = data["problems"][0]
    assert set(problem) == {
        "label",
        "code",
        "title",
        "aspects",
        "section",
        "long_term",
        "measures",
        "line",
        "lead_unit",
        "deadline",
        "deadline_date",
        "progress",
    }
    assert set(problem["measures"][0]) == {"label", "text", "figures", "lead_unit", "deadline"}
    assert data["published"] == "2025-03-21"


def test_a_stay_printed_without_years_falls_before_the_publication_date():
    text = (
        "根据县委统一部署，10月8日至12月6日，县委第二巡察组对青石镇党委开展巡察。"
        "1月15日，县委巡察组向青石镇党委反馈巡察意见。\n"
        "中共青石镇委员会\n2025年3月21日\n"
    )
    inspection = parse_text(text).inspection
    assert (inspection.start, inspection.end) == (date(2024, 10, 8), date(2024, 12, 6))
    assert inspection.feedback == date(2025, 1, 15)


def test_an_opening_without_a_group_name_is_reported():
    notice = parse_text("根据县委统一部署，2024年5月6日至7月5日对青石镇党委开展巡察。\n")
    assert notice.inspection.kind == "巡察" and notice.inspection.group is None
    assert any(w.line == 1 and "巡察组" in w.message for w in notice.warnings)
