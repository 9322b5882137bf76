"""The words the parser reads by: one home for every word list, kept as data.

Each entry must hold for any notice of any office: a kind of rule, a verb of making or
citing, a kind of section, a ledger field name, a piece of web-site furniture. None may
name a specific document, place or body, and none exists to fit one notice.
"""

from __future__ import annotations

import re


def _any(words: tuple[str, ...]) -> str:
    return "|".join(words)


# --- sections and headings ------------------------------------------------------------

# Section titles that hold something other than problems.
OTHER_SECTION_WORDS = (
    "下一步", "下步", "工作打算", "工作计划", "主体责任", "政治站位", "组织领导",
    "基本情况", "总体情况", "整改工作开展情况",
)  # fmt: skip
PROBLEM_SECTION_WORDS = ("问题", "反馈", "整改落实", "整改情况", "整改进展", "整改事项")
# Sections of items still being worked on: 需长期整改, 需要持续推进的事项, 尚未完成的整改事项.
LONG_TERM_WORDS = ("长期", "持续整改", "持续推进的", "需要?持续", "尚未完成", "未完成的")

OTHER_SECTION = re.compile(_any(OTHER_SECTION_WORDS))
PROBLEM_SECTION = re.compile(_any(PROBLEM_SECTION_WORDS))
LONG_TERM = re.compile(_any(LONG_TERM_WORDS))

# A heading that calls itself a group of problems: "…方面", "…方面的问题", "聚焦…".
ASPECT_TITLE = re.compile(r"方面(?:的?问题|存在的问题|问题)?[ ]{0,2}[:.]?$|^聚焦|^围绕")
# A heading that names a shortcoming: "关于…的问题", "…不到位问题".
PROBLEM_TITLE = re.compile(r"问题$")

# The targets of a round of inspections printed as "对…下辖的A村、B村" or "A村等7个村":
# the names follow the word of belonging; a closing count is not a name.
TARGET_UNDER = r"下辖的?|所辖的?|所属的?"
TARGET_COUNT = r"等[ ]{0,2}[\d一二三四五六七八九十两]{1,3}个.*$"

# Words that number the steps of a measure list: 首先, 其次, 再次 …, and 最后 which closes
# whatever series is open.
SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3}
LAST_WORD = "最后"

# --- ledger blocks ----------------------------------------------------------------------

# Field names of a ledger block ("整改措施：", "【责任单位】"), by what the field holds.
MEASURE_FIELDS = (
    "整改措施", "整改举措", "具体措施", "主要措施", "落实措施", "措施",
    # what was done and how far, in one field: the steps are the measures
    "整改措施及成效", "整改措施及进展", "整改措施及完成情况",
)  # fmt: skip
UNIT_FIELDS = (
    "责任单位", "责任部门", "牵头单位", "牵头部门", "配合单位", "责任人", "责任主体", "责任科室",
)  # fmt: skip
# The leader in charge: the lead unit only when the block names no unit.
LEADER_FIELDS = ("责任领导", "牵头领导", "分管领导")
DEADLINE_FIELDS = ("整改时限", "完成时限", "整改期限", "完成时间", "时限")
PROGRESS_FIELDS = ("整改进展", "进展情况", "整改情况", "完成情况", "进展")
# Words that open a restatement of the problem under its heading, not an action.
DESCRIPTION_OPENERS = (
    "巡察指出", "巡察发现", "巡视指出", "巡视发现", "巡察反馈", "巡视反馈", "主要表现",
    "具体表现", "问题表现",
)  # fmt: skip
# What the work achieved: never a measure, even when the account of progress is one.
OUTCOME_FIELDS = ("整改成效", "整改结果", "取得成效", "工作成效", "整改效果")

# --- rules the issuer made (regulations) -------------------------------------------------

# A 《…》 title names a rule, plan or notice when it ends with one of these kinds.
RULE_KINDS = (
    "制度", "办法", "方案", "规划", "规则", "细则", "意见", "通知", "指引", "导则", "规定",
    "预案", "清单", "计划", "措施", "机制", "函", "要点", "标准", "规范", "规程", "程序",
    "守则", "准则", "安排", "指南", "决定", "纲要", "工作法", "基准",
)  # fmt: skip
# Titles of things that are not rules the issuer made: laws and Party regulations
# (whoever cites them), books, agreements, pledges, forms, ledgers and reports.
NOT_A_RULE = (
    r"^(?:中国共产党|中华人民共和国)", r"条例(?:\([^()]*\))?$", r"(?<!办)法(?:\([^()]*\))?$",
    "章程", "习近平", "协议", "合同", "责任书", "承诺书", "倡议书", "表$", "登记簿",
    r"报告书?$", "台账$", "读本", "摘要$", "提醒函", "公约$",
)  # fmt: skip
# Verbs that say the rule was made or revised here.
MAKING_VERBS = (
    "制定", "修订", "修改", "出台", "印发", "下发", "起草", "编制", "编写", "拟定",
    "审议通过", "研究制定",
)  # fmt: skip
# Words before a title that cite someone else's rule: studied, applied, handed down.
CITING_BEFORE = (
    "学习", "观看", "根据", "依据", "贯彻", "对照", "宣传", "宣讲", "解读", "授课", "推文",
    "派发", "签订", "签署", "填写", "上级", "省委", "中央", "国务院", "传达",
)  # fmt: skip
# Verbs of applying a rule: someone else's, unless the title bears the body's own name.
APPLYING_VERBS = ("执行", "遵守", "落实", "按照", "依照", "参照")
# Words right after a title that show it was cited ("…精神", "…等法律").
CITING_AFTER = (
    "精神", "立法", "专题授课", "推文", "等宣传", "宣传", "等法规", "等法律", "有关规定",
)  # fmt: skip
# A place at the start of a title: a rule named after another place is someone else's.
PLACE_PREFIX = r"^(?:中共)?([\u4e00-\u9fff]{2,5}?(?:省|市|县|区|州|旗|镇|乡|街道))"
# A place named anywhere in a title; group 1 is the name without its suffix.
PLACE_ANYWHERE = r"([\u4e00-\u9fff]{2,5}?)(?:省|市|县|区|州|旗|镇|乡|街道)"

# --- web-site furniture ------------------------------------------------------------------
# Kept free of IGNORECASE and leading anchors inside alternations, which would make the
# regex engine try every position slowly.

# Anywhere in a short line: licences, copyright, counters, page tools, page headers.
DEBRIS_ANYWHERE = (
    r"ICP备|ICP证|网安备|版权所有|Copyright|COPYRIGHT|copyright|©|技术支持:|浏览次数|访问次数"
    r"|阅读次数|点击[数量率]|字体大小|【字体|发布日期[ ]{0,2}:|发布时间[ ]{0,2}:|字号[ ]{0,2}:"
    r"|分享[ ]{0,2}:?$"
)
# At the start of a line: breadcrumbs, share bars, site owners, page buttons.
DEBRIS_START = (
    r"(?:您|你)?(?:当前|现在)的?(?:所在)?位置|所在位置|(?:信息)?来源[ ]{0,2}:"
    r"|分享(?:到)?(?:[ ]{0,2}:|$)"
    r"|主办单位|承办单位|协办单位|合作单位|主管单位|运维单位|网站标识码|网站地图|联系我们"
    r"|【?(?:打印|关闭|关闭窗口|返回顶部|上一篇|下一篇|扫一扫|收藏|打印本页|返回)】?(?:[ ]|$)"
)
# Words of a site's menu bar or accessibility tools (in a short line with spaces).
UI_WORDS = r"登录|注册|无障碍|长者模式|长者版|关怀版|适老|繁體|English|搜索|智能问答"
