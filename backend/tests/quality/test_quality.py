"""The quality benchmark at a small size, with fixed floors (bench/quality.py is the full one).

Real pages of the PostgreSQL manual go in as web pages to a server with no model
configuration (bundled MiniLM + SmolLM2) and through one full run; the result is judged
against the manual's chapters and a held-out question set (harness/quality.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from harness import admin, quality
from harness.manual import Page, sample, serve_manual
from harness.manual_questions import IN_CORPUS, OFF_CORPUS
from harness.server import serve

from kbagent.config import Settings
from kbagent.db import open_database

# A few questions whose pages are added beside the labelled sample: chat is judged on them.
QUESTIONS = IN_CORPUS[::4]
OFF_TOPIC = OFF_CORPUS[::2]


@pytest.fixture
def manual_base() -> Iterator[str]:
    with serve_manual() as base:
        yield base


@pytest.fixture
def labelled() -> list[Page]:
    return sample(12, chapters=3, min_chars=2000, seed=3)


def test_real_manual_pages_become_categorised_noted_searchable_and_cited(
    settings: Settings, manual_base: str, labelled: list[Page]
) -> None:
    host = manual_base.split("://", 1)[1]
    settings = settings.model_copy(update={"fetch_allow_hosts": host})
    pages = {f"{manual_base}/{p.name}": p for p in labelled}
    names = sorted({p.name for p in labelled} | {page for _, page in QUESTIONS})
    database = open_database(settings.resolved_database_url)
    try:
        with serve(settings) as base, admin.Client(base_url=base, timeout=120) as client:
            report = quality.load_pages(client, manual_base, names)
            assert report["new"] == len(names), report
            status = quality.run_pipeline(client)
            summary = quality.run_summary(status, report["new"])
            assert status["status"] == "completed", json.dumps(summary)

            cats = quality.categorisation(database, pages, settings.category_similarity)
            assert cats["uncategorised_share"] == 0.0, cats
            assert cats["purity"] >= 0.7, cats
            assert cats["near_twins"] == [], cats
            assert cats["categories"] <= len(labelled) // 2, cats  # topics, not one per page

            notes = quality.notes(database)
            assert notes["with_note_share"] == 1.0, notes
            assert notes["extractive_faithful_share"] == 1.0, notes

            found = quality.searchable(client, database)
            assert found["found_share"] >= 0.9, found

            answers = quality.chat(client, database, pages, QUESTIONS, OFF_TOPIC)
            assert answers["expected_source_cited"] >= 0.8, answers
            assert answers["off_corpus_abstention"] >= 0.9, answers
            assert answers["answers_without_citation"] == 0, answers
    finally:
        database.dispose()
