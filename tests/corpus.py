"""Where the shared corpus is, and what a test does when it is not there.

The seeds, the development notices and the scorer live in ``../shared`` beside the
repository and are never copied into it. A test that needs them calls
:func:`require_corpus`: it skips on a developer's machine without the corpus, and
**fails** under ``CI=true``, so that a CI run can never pass by silently skipping.
``ZHENGGAI_CORPUS`` points at another copy (or at nothing, to check the failure).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = Path(os.environ.get("ZHENGGAI_CORPUS") or SHARED / "corpus")
SCORER = CORPUS.parent / "tools" / "score_notice.py"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require_corpus(*parts: str) -> Path:
    """The corpus folder ``parts`` (e.g. ``"seeds"``); skip, or fail under CI, if absent."""
    folder = CORPUS.joinpath(*parts)
    if folder.is_dir() and any(folder.iterdir()):
        return folder
    message = f"共享语料不存在 / shared corpus absent: {folder}"
    if in_ci():
        pytest.fail(message + " (CI=true: corpus tests must run)")
    pytest.skip(message)
