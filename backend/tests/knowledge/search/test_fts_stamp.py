"""Storing an item's vectors keeps the cached full-text statistics: they count chunks only.

Every vector write used to move the search generation, so under a run's embed phase each
search recounted the chunks (a scan of every chunk at 100k) and its terms.
"""

from __future__ import annotations

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database
from kbagent.knowledge import embedding_space, repository
from kbagent.knowledge.models import KnowledgeItem


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
