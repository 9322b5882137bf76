"""Fictional notices generated in code, in every combination of numbering habits.

Each notice picks a style for its aspects, one for its problems and one for their
measures, whether numbering restarts under each aspect, and whether a problem's heading
shares its paragraph with the measures. The expected outline is known by construction,
so a test can ask the parser to recover it without ever having seen the combination.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from zhenggai.core.numerals import int_to_cn as spell

_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")

# How an aspect heading is printed, given its number and its title (which ends with 方面).
ASPECT_STYLES = {
    "cn_paren": lambda n, t: (f"（{spell(n)}）{t}", t),
    "fangmian": lambda n, t: (f"第{spell(n)}方面问题：{t[:-2]}", t[:-2]),
    "enumerated": lambda n, t: (f"{spell(n)}是{t}。", t),
    "bracket": lambda n, t: (f"【{t}】", t),
}
# How a problem heading is printed: (heading prefix, label as the gold keeps it).
PROBLEM_STYLES = {
    "ar_dot": lambda n: (f"{n}.", f"{n}."),
    "ar_comma": lambda n: (f"{n}、", f"{n}、"),
    "ar_paren": lambda n: (f"（{n}）", f"（{n}）"),
    "half_paren": lambda n: (f"{n}）", f"{n}）"),
    "fullwidth_dot": lambda n: (f"{n}．".translate(_FULL), f"{n}．".translate(_FULL)),
    "wenti": lambda n: (f"问题{spell(n)}：", f"问题{spell(n)}"),
    "ordinal": lambda n: (f"第{spell(n)}，", f"第{spell(n)}"),
}
MEASURE_STYLES = ["shi_lines", "shi_inline", "circled_inline", "paren_lines", "ordinal_lines",
                  "qi_lines", "qi_inline", "one_paragraph", "ledger"]  # fmt: skip

_SUBJECTS = ["村级财务公开", "河道保洁", "农村危房改造", "集体资产出租", "党员教育培训",
             "公务接待管理", "项目招投标", "安全生产检查", "信访积案化解", "校园食品安全",
             "耕地保护", "防汛物资储备", "惠民资金发放", "网格员队伍",
             "基层党组织换届"]  # fmt: skip
_FAULTS = ["不规范", "推进不力", "落实不到位", "监管不严", "存在薄弱环节", "底数不清",
           "进展缓慢", "流于形式"]  # fmt: skip
_ASPECTS = ["贯彻落实上级决策部署", "全面从严治党", "基层党组织建设", "干部队伍建设",
            "民生保障", "作风建设"]  # fmt: skip
_ACTIONS = ["建立工作台账，逐项销号管理，已完成整改{n}项",
            "开展专项检查{n}次，督促整改问题{n}个",
            "修订完善管理制度{n}项，明确责任分工和办理时限",
            "组织业务培训{n}期，培训干部{n}0人次",
            "投入资金{n}0万元，完成改造任务",
            "对{n}名相关责任人进行了提醒谈话",
            "全面排查管理方面存在的问题，建立整改台账{n}本"]  # fmt: skip
_SHI = "一二三四五六七八九"


@dataclass
class Expected:
    label: str
    title: str
    aspects: list[str]
    measures: int
    long_term: bool = False


def _actions(rng: random.Random, k: int) -> list[str]:
    return [rng.choice(_ACTIONS).format(n=rng.randint(2, 9)) for _ in range(k)]


def _measures(rng: random.Random, style: str, k: int) -> tuple[str, list[str], int]:
    """(text to put on the heading's line, lines below it, number of measures)."""
    acts = _actions(rng, k)
    if style == "shi_lines":
        return "", [f"{_SHI[i]}是{a}。" for i, a in enumerate(acts)], k
    if style == "shi_inline":
        return "；".join(f"{_SHI[i]}是{a}" for i, a in enumerate(acts)) + "。", [], k
    if style == "circled_inline":
        intro = "对照问题逐项整改。"
        return intro + "；".join(f"{chr(0x2460 + i)}{a}" for i, a in enumerate(acts)) + "。", [], k
    if style == "qi_lines":
        return "", [f"其{spell(i + 1)}，{a}。" for i, a in enumerate(acts)], k
    if style == "qi_inline":
        return "；".join(f"其{spell(i + 1)}，{a}" for i, a in enumerate(acts)) + "。", [], k
    if style == "paren_lines":
        return "", [f"({i + 1}){a}。" for i, a in enumerate(acts)], k
    if style == "ordinal_lines":
        words = [*["首先", "其次", "再次"][: k - 1], "最后"] if k > 1 else ["首先"]
        return "", [f"{w}，{a}。" for w, a in zip(words, acts, strict=False)], len(words)
    if style == "ledger":
        inline = "；".join(f"{_SHI[i]}是{a}" for i, a in enumerate(acts))
        return (
            "",
            [
                f"整改措施：{inline}。",
                f"责任单位：{rng.choice(['党政办', '财政所', '综合办'])}",
                f"整改时限：2025年{rng.randint(1, 12)}月底",
                "整改进展：已完成。",
            ],
            k,
        )
    return "，".join(acts) + "。", [], 1


def generate(seed: int) -> tuple[str, list[Expected]]:
    """One notice and the outline it must parse to."""
    rng = random.Random(seed)
    aspect_style = rng.choice(list(ASPECT_STYLES))
    problem_style = rng.choice(list(PROBLEM_STYLES))
    restart = rng.random() < 0.5
    with_aspects = rng.random() < 0.8
    lines = [
        "中共青岚镇委员会关于县委巡察整改进展情况的通报",
        "根据县委统一部署，2024年3月4日至5月6日，县委第二巡察组对青岚镇党委开展了巡察，"
        "6月10日反馈了巡察意见。现将整改进展情况予以公布。",
        "一、整改工作开展情况",
        "镇党委召开专题会议研究整改工作，制定整改方案。",
        "二、巡察反馈问题整改落实情况",
    ]
    expected: list[Expected] = []
    number = 0
    groups = rng.sample(_ASPECTS, rng.randint(1, 4)) if with_aspects else [""]
    for a, aspect in enumerate(groups, start=1):
        heading, aspect_title = ASPECT_STYLES[aspect_style](a, aspect + "方面")
        if with_aspects:
            lines.append(heading)
        if restart:
            number = 0
        for _ in range(rng.randint(1, 4)):
            number += 1
            title = rng.choice(_SUBJECTS) + rng.choice(_FAULTS)
            style = rng.choice(MEASURE_STYLES)
            if style == "paren_lines" and problem_style in ("ar_paren", "half_paren"):
                style = "shi_lines"
            on_line, below, count = _measures(rng, style, rng.randint(1, 4))
            prefix, label = PROBLEM_STYLES[problem_style](number)
            if on_line and rng.random() < 0.5:
                lines.append(f"{prefix}{title}。{on_line}")
            else:
                lines.append(f"{prefix}{title}")
                lines.extend([on_line] if on_line else [])
            lines.extend(below)
            aspects = [aspect_title] if with_aspects else []
            expected.append(Expected(label, title, aspects, count))
    next_steps = "三"
    if rng.random() < 0.5:
        # Long-term items, coded with the number of the problem they continue.
        lines.append("三、需长期整改的问题")
        next_steps = "四"
        for k in range(1, rng.randint(2, 3) + 1):
            code = rng.randint(1, number)
            title = rng.choice(_SUBJECTS) + "长效机制有待健全"
            on_line, below, count = _measures(rng, rng.choice(["shi_inline", "one_paragraph"]), 2)
            lines.append(f"（{spell(k)}）问题{code}：{title}。{on_line}")
            expected.append(Expected(f"（{spell(k)}）", title, [], count, long_term=True))
    lines += [
        f"{next_steps}、下一步工作打算",
        "一是持续巩固整改成果；二是健全长效机制。",
        "欢迎广大干部群众监督。联系电话：0571-88990011。",
        "中共青岚镇委员会",
        "2024年12月1日",
    ]
    return "\n".join(lines) + "\n", expected
