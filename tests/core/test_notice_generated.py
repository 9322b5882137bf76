"""Generated notices in every combination of numbering habits parse to their outline."""

from __future__ import annotations

import pytest

from tests.core.notice_generator import Expected, generate
from tests.core.notice_variants import hard_wrap
from zhenggai.core.notices import parse_text


def _found(text: str) -> list[Expected]:
    return [
        Expected(p.label or "", p.title, p.aspects, len(p.measures), p.long_term)
        for p in parse_text(text).problems
    ]


@pytest.mark.parametrize("seed", range(60))
def test_a_generated_notice_parses_to_the_outline_it_was_built_from(seed: int):
    text, expected = generate(seed)
    assert _found(text) == expected, text


@pytest.mark.parametrize("seed", range(100, 120))
def test_a_generated_notice_hard_wrapped_like_a_pdf_keeps_its_outline(seed: int):
    text, expected = generate(seed)
    assert _found(hard_wrap(text, columns=64)) == expected
