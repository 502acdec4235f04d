"""Categorisation on real documentation pages with the bundled models, on both databases.

Twelve pages of the PostgreSQL manual from three chapters (client authentication, indexes,
PL/pgSQL) go through the categorise phase one by one, as the engine runs it. SmolLM2 fails its
capability self-test, so MiniLM embeddings against the growing tree decide; the chapters must
end up in distinct categories with meaningful names, nothing uncategorised.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbagent.ai import profile
from kbagent.ai.registry import build_ai
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, open_database
from kbagent.knowledge import repository
from kbagent.knowledge.categories import meaningless
from kbagent.pipeline.categorise import categorise
from kbagent.pipeline.phase import PhaseContext
from kbagent.sources.pages import extract_page

MANUAL = Path("/usr/share/doc/postgresql-doc-15/html")
CHAPTERS = {
    "authentication": ["auth-password", "auth-ldap", "auth-radius", "auth-cert"],
    "indexes": [
        "indexes-multicolumn",
        "indexes-partial",
        "indexes-unique",
        "indexes-expressional",
    ],
    "plpgsql": [
        "plpgsql-control-structures",
        "plpgsql-cursors",
        "plpgsql-errors-and-messages",
        "plpgsql-declarations",
    ],
}
# The manual's section numbers ("11.8. Partial Indexes") would give the chapter away.
_NUMBERING = re.compile(r"^(#*\s*)(?:[A-Z]|\d+)(?:\.\d+)*\.\s+", re.M)


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    db = open_database(settings.resolved_database_url)
    yield db
    db.engine.dispose()


def _add_pages(database: Database) -> dict[str, str]:
    pages = [(c, name) for c, names in CHAPTERS.items() for name in names]
    random.Random(1).shuffle(pages)  # chapters interleaved, as a real import would be
    chapter_of: dict[str, str] = {}
    with database.writer() as session:
        for chapter, name in pages:
            html = (MANUAL / f"{name}.html").read_text()
            content, meta = extract_page(html, f"https://www.postgresql.org/docs/15/{name}.html")
            item = ContentItem(
                source_type="url",
                source_id=name,
                title=_NUMBERING.sub(r"\1", str(meta["title"])),
                content=_NUMBERING.sub(r"\1", content),
            )
            session.add(item)
            session.flush()
            chapter_of[item.id] = chapter
        session.commit()
    return chapter_of


def test_real_pages_file_into_distinct_meaningful_categories(
    settings: Settings, database: Database
) -> None:
    profile.forget()  # measure this data dir's profile, as a fresh install would
    chapter_of = _add_pages(database)
    ai = build_ai(settings)
    ctx = PhaseContext(settings, database, "test-run", ai)
    try:
        models = {categorise(ctx, item_id) for item_id in chapter_of}
    finally:
        ai.close()

    measured = json.loads((settings.data_dir / profile.PROFILE_FILE).read_text())
    assert measured["local:smollm2"]["json_reliability"] < profile.RELIABLE
    assert models == {"local:all-minilm-l6-v2"}  # the embedding strategy decided

    categories: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with database.reader() as session:
        for item_id, chapter in chapter_of.items():
            item = session.get(ContentItem, item_id)
            assert item is not None and item.main_category and item.sub_category
            assert meaningless(item.main_category, item.sub_category, item.title) is None
            categories[chapter].add((item.main_category, item.sub_category))
    for chapter, found in categories.items():
        assert len(found) <= 2, (chapter, found)  # a topic is one category, not one per page
        others = set().union(*(f for c, f in categories.items() if c != chapter))
        assert not found & others, categories  # no category mixes two chapters

    # Filed again (a redelivered batch): nothing moves, nothing is added.
    with database.reader() as session:
        before = [(c.main_category, c.sub_category) for c in repository.list_categories(session)]
    ai = build_ai(settings)
    try:
        for item_id in chapter_of:
            categorise(PhaseContext(settings, database, "test-run", ai), item_id)
    finally:
        ai.close()
    with database.reader() as session:
        after = [(c.main_category, c.sub_category) for c in repository.list_categories(session)]
    assert after == before


def test_an_able_model_chooses_but_a_meaningless_answer_is_refused(
    settings: Settings, database: Database
) -> None:
    from harness.openai_server import model_settings, run_openai_server

    profile.forget()
    with database.writer() as session:
        good = ContentItem(
            source_type="x",
            source_id="1",
            title="python typing",
            content="Type hints and mypy.",
        )
        # The stand-in names a category after the title's first word: here a schema field.
        echo = ContentItem(
            source_type="x",
            source_id="2",
            title="sub_category partitioning",
            content="Range partitioning splits a table into partitions by key ranges. "
            "Partition pruning skips partitions a query cannot need.",
        )
        session.add_all([good, echo])
        session.commit()
    with run_openai_server() as (url, _):
        configured = settings.model_copy(update=model_settings(url))
        ai = build_ai(configured)
        try:
            ctx = PhaseContext(configured, database, "test-run", ai)
            chosen_by = [categorise(ctx, good.id), categorise(ctx, echo.id)]
        finally:
            ai.close()
            profile.forget()
    assert chosen_by == ["openai:writer", "openai:embedder"]
    with database.reader() as session:
        filed = [session.get(ContentItem, i) for i in (good.id, echo.id)]
        pairs = [(f.main_category, f.sub_category) for f in filed if f is not None]
    assert pairs[0] == ("software", "python")
    assert "sub_category" not in pairs[1] and "uncategorised" not in pairs[1]
    assert meaningless(*pairs[1]) is None  # type: ignore[arg-type]
