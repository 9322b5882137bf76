"""Settings for `benchmarks/load.py`: the production settings plus an authenticated
"hello" view, so the page figures can be compared with the bare stack."""

from zhenggai.settings import *  # noqa: F403 — the production settings, unchanged

ROOT_URLCONF = "benchmarks.load_urls"
