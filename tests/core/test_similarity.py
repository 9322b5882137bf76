"""Prefix-filtered all pairs: the same pairs as comparing every two problems, for a
fraction of the comparisons."""

from __future__ import annotations

import random

import pytest

from zhenggai.core.similarity import matches, vectors

WORDS = """集体 资产 租赁 合同 租金 欠缴 公务 用车 私用 工程 项目 招标 验收 资金 拨付 台账
惠民 补贴 发放 党建 组织 生活 会议 记录 财务 公开 票据 报销 审批 采购 监管 考核""".split()  # noqa: SIM905


def brute_force(texts, threshold):
    vecs = vectors(texts)
    pairs = []
    for a in range(len(vecs)):
        for b in range(a + 1, len(vecs)):
            score = sum(v * vecs[b].get(w, 0.0) for w, v in vecs[a].items())
            if score >= threshold and vecs[a].keys() & vecs[b].keys():
                pairs.append((a, b))
    return pairs


@pytest.mark.parametrize("threshold", [0.0, 0.2, 0.35, 0.6, 0.9, 0.99])
def test_every_pair_the_threshold_admits_is_found(threshold):
    rng = random.Random(int(threshold * 100))
    texts = ["，".join(rng.sample(WORDS, rng.randint(1, 7))) for _ in range(300)]
    texts += texts[:20]  # identical problems reach a cosine of (about) 1
    found = matches(texts, threshold)
    assert [(m.a, m.b) for m in found] == brute_force(texts, threshold)
    assert found, "the sample must have pairs at every threshold"


def test_problems_sharing_only_common_words_are_not_compared():
    """Every problem names 集体资产 and one thing of its own: no pair reaches 0.35, and
    none is compared (before, each was compared with every other: 2,000² / 2)."""
    texts = [f"集体资产问题 编号{i:05d}" for i in range(2000)]
    compared = []

    def allowed(a, b):
        compared.append((a, b))
        return True

    assert matches(texts, 0.35, allowed) == []
    assert compared == []
