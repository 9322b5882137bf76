"""Round trip: the parser (``zhenggai parse``) reads our generated notice back.

Every problem of the demo ledger is found, with its number of measures, from the
text and from the .docx. The parser is another issue's work: until it is merged
these tests skip with a message.
"""

import pytest

from zhenggai.core.notice_docx import render_docx
from zhenggai.demo import build_demo
from zhenggai.inspections.models import Inspection
from zhenggai.publication.generate import generated_document

pytestmark = pytest.mark.django_db

notices = pytest.importorskip("zhenggai.core.notices")
if not hasattr(notices, "parse_text"):
    pytest.skip(
        "解析器 zhenggai.core.notices.parse_text 尚未合并，跳过往返测试 "
        "(parser not merged yet; the lead enables this after the merge)",
        allow_module_level=True,
    )


def expected(inspection):
    return {
        p.title: p.measures.count()
        for p in inspection.problems.prefetch_related("measures").order_by("order")
    }


def found(parsed):
    data = parsed.to_dict() if hasattr(parsed, "to_dict") else parsed
    return {p["title"]: len(p["measures"]) for p in data["problems"]}


def _title_key(title):
    # The printed title carries the inspectors' code ("问题3：…"); compare on the rest.
    return title.split("：", 1)[-1].rstrip("。")


@pytest.fixture
def demo():
    build_demo()
    inspection = Inspection.objects.get(variant=Inspection.Variant.REGULAR)
    return inspection, generated_document(inspection)


def check(inspection, parsed):
    want = expected(inspection)
    got = {_title_key(t): n for t, n in found(parsed).items()}
    missing = [t for t in want if t not in got]
    assert not missing, f"problems not recovered: {missing}"
    wrong = {t: (want[t], got[t]) for t in want if want[t] != got[t]}
    assert not wrong, f"measure counts differ (ledger, parsed): {wrong}"
    assert len(got) == len(want)


def test_parser_recovers_every_problem_and_measure_count_from_text(demo):
    inspection, doc = demo
    check(inspection, notices.parse_text(doc.to_text()))


def test_parser_recovers_every_problem_and_measure_count_from_docx(demo):
    inspection, doc = demo
    check(inspection, notices.parse_bytes(render_docx(doc), "notice.docx"))
