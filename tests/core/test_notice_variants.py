"""The seeds in the shapes users really have them: full-width, hard-wrapped like a PDF
copy, saved web pages, GBK and UTF-16 files, Word documents and real PDFs.

Every variant is generated at test time from the seeds in ``shared/corpus``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.core import notice_variants as v
from tests.corpus import require_corpus
from zhenggai.core.notices import parse_bytes


@pytest.fixture(autouse=True)
def _corpus() -> None:
    require_corpus("gold")
    require_corpus("seeds")


Variant = Callable[[str], tuple[bytes, str]]

VARIANTS: dict[str, Variant] = {
    "utf8_with_bom": lambda t: (b"\xef\xbb\xbf" + t.encode("utf-8"), "notice.txt"),
    "fullwidth": lambda t: (v.to_fullwidth(t).encode("utf-8"), "notice.txt"),
    "hard_wrapped_60_columns": lambda t: (v.hard_wrap(t, columns=60).encode(), "notice.txt"),
    "hard_wrapped_76_columns": lambda t: (v.hard_wrap(t, columns=76).encode(), "notice.txt"),
    "fullwidth_and_hard_wrapped": lambda t: (
        v.hard_wrap(v.to_fullwidth(t), columns=68).encode(),
        "notice.txt",
    ),
    "government_web_page": lambda t: (v.to_gov_html(t).encode("utf-8"), "notice.html"),
    "gbk": lambda t: (v.to_gbk(t), "notice.txt"),
    "utf16_with_bom": lambda t: (t.encode("utf-16"), "notice.txt"),
    "utf16_big_endian": lambda t: (b"\xfe\xff" + t.encode("utf-16-be"), "notice.txt"),
    "word_docx": lambda t: (v.to_docx(t), "notice.docx"),
    "pdf_with_text_layer": lambda t: (v.to_pdf(t), "notice.pdf"),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_variant_of_the_seeds_still_scores_above_the_thresholds(name: str):
    if name == "pdf_with_text_layer":
        pytest.importorskip("reportlab", reason="reportlab builds the test PDFs")
    scorer = v.load_scorer()
    assert scorer is not None
    gold_n = pred_n = tp = exact = meta_ok = meta_n = 0
    for stem in v.seed_stems():
        data, filename = VARIANTS[name](v.seed_text(stem))
        result = scorer.score(v.gold(stem), parse_bytes(data, filename).to_dict())
        assert result["f1"] >= 0.95, (stem, result["missed"])
        gold_n, pred_n, tp = gold_n + result["gold"], pred_n + result["pred"], tp + result["tp"]
        exact += result["measures"][0]
        meta_ok, meta_n = meta_ok + result["meta"][0], meta_n + result["meta"][1]
    assert 2 * tp / (gold_n + pred_n) >= 0.98
    assert exact >= 0.95 * tp
    assert meta_ok >= 0.95 * meta_n
