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
LONG_TERM_WORDS = ("长期", "持续整改", "需持续")

OTHER_SECTION = re.compile(_any(OTHER_SECTION_WORDS))
PROBLEM_SECTION = re.compile(_any(PROBLEM_SECTION_WORDS))
LONG_TERM = re.compile(_any(LONG_TERM_WORDS))

# A heading that calls itself a group of problems: "…方面", "…方面的问题", "聚焦…".
ASPECT_TITLE = re.compile(r"方面(?:的?问题|存在的问题|问题)?$|^聚焦|^围绕")
# A heading that names a shortcoming: "关于…的问题", "…不到位问题".
PROBLEM_TITLE = re.compile(r"问题$")

# --- ledger blocks ----------------------------------------------------------------------

# Field names of a ledger block ("整改措施：", "【责任单位】"), by what the field holds.
MEASURE_FIELDS = ("整改措施", "整改举措", "具体措施", "主要措施", "落实措施", "措施")
UNIT_FIELDS = ("责任单位", "责任部门", "牵头单位", "牵头部门", "配合单位", "责任领导", "责任人")
DEADLINE_FIELDS = ("整改时限", "完成时限", "整改期限", "完成时间", "时限")
PROGRESS_FIELDS = ("整改进展", "进展情况", "整改情况", "完成情况", "整改成效", "整改结果", "进展")
