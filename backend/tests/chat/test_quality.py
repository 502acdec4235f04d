"""Cite or abstain on real documentation, bundled MiniLM embeddings, both databases.

The small-size run of bench/quality_chat.py (labelled set: bench/chat_labelled.py): pages of
the PostgreSQL 15 manual, questions paraphrased as a user would ask, off-corpus questions that
share words with the manual. Floors are issue 10's targets.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from kbagent.config import Settings

BENCH = Path(__file__).resolve().parents[3] / "bench"
sys.path.insert(0, str(BENCH))

import chat_labelled  # noqa: E402
import quality_chat  # noqa: E402


@pytest.fixture(scope="module")
def minilm() -> Any:
    return chat_labelled.CachedMiniLM()  # shared by both databases: pages embedded once


def test_answers_cite_the_expected_page_or_abstain(settings: Settings, minilm: Any) -> None:
    # `make test` installs the manual (tools/system-packages.sh); never skip without it.
    assert chat_labelled.MANUAL.is_dir(), "apt-get install -y postgresql-doc-15"
    figures = quality_chat.measure(
        settings, in_corpus=14, off_corpus=14, extra_pages=4, embedder=minilm
    )
    assert figures["uncited_answers"] == 0, figures
    assert figures["expected_cited"] >= 0.8, figures
    assert figures["abstention"] >= 0.9, figures
    assert figures["strategies"].get("extractive", 0) > 0, figures  # the bundled model is weak
