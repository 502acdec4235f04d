"""Cached full-text statistics: kept when vectors are stored (they count chunks only) and
across a few chunk changes of a large corpus.

Every vector write used to move the search generation, so under a run's embed phase each
search recounted the chunks (a scan of every chunk at 100k) and its terms.
"""

from __future__ import annotations

from sqlalchemy import insert

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database
from kbagent.knowledge import embedding_space, repository
from kbagent.knowledge.models import KnowledgeChunk, KnowledgeItem
from kbagent.knowledge.search import fts
from kbagent.knowledge.search.filters import SearchFilters


def test_storing_vectors_keeps_the_full_text_statistics(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    space = embedding_space.configured(settings)
    try:
        with database.writer() as session:
            content = ContentItem(source_type="manual", source_id="x", title="t", content="c")
            session.add(content)
            session.flush()
            item = KnowledgeItem(
                content_item_id=content.id, display_title="t", enhanced_content="c"
            )
            session.add(item)
            session.flush()
            repository.replace_chunks(session, item.id, [("t c", 2)])
            session.commit()
            item_id = item.id
        with database.reader() as session:
            before = repository.search_generation(session)
        with database.writer() as session:
            vector = [1.0] + [0.0] * (space.dim - 1)
            embedding_space.store(session, item_id, [vector], space)
            session.commit()
        with database.reader() as session:
            assert repository.search_generation(session) == before
        with database.writer() as session:  # chunks do move it
            repository.replace_chunks(session, item_id, [("t c d", 3)])
            session.commit()
        with database.reader() as session:
            assert repository.search_generation(session) == before + 1
    finally:
        database.dispose()


def test_statistics_outlive_a_few_changes_of_a_large_corpus(settings: Settings) -> None:
    """A write among many chunks leaves the cached counts (every count would move by a
    fraction of a percent), so the first search after it does not count the whole corpus
    again; enough writes to move them measurably do count it again."""
    size = 1500  # kept for int(1500 * STALE_FRACTION) = 3 moves of the generation
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            session.execute(
                insert(ContentItem),
                [
                    {"id": f"c{n}", "source_type": "manual", "source_id": f"s{n}", "title": "t"}
                    | {"content": "c"}
                    for n in range(size)
                ],
            )
            session.execute(
                insert(KnowledgeItem),
                [
                    {"id": f"k{n}", "content_item_id": f"c{n}", "display_title": "t"}
                    | {"enhanced_content": ""}
                    for n in range(size)
                ],
            )
            session.execute(
                insert(KnowledgeChunk),
                [
                    {"knowledge_item_id": f"k{n}", "chunk_index": 0, "text": f"note {n}"}
                    | {"token_count": 2}
                    for n in range(size)
                ],
            )
            repository.bump_search_generation(session)
            session.commit()

        def counted_total() -> int:
            with database.reader() as session:
                fts.search(session, "note", SearchFilters(), 5)
            return fts._stats.total

        assert counted_total() == size
        for n in range(int(size * fts.STALE_FRACTION) + 1):
            with database.writer() as session:
                repository.replace_chunks(session, f"k{n}", [("note again", 2), ("more", 1)])
                session.commit()
            expected = size if n < int(size * fts.STALE_FRACTION) else size + n + 1
            assert counted_total() == expected, n
    finally:
        database.dispose()
