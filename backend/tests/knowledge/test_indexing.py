"""Vectors prepared before the write transaction are used only while they match the text."""

from __future__ import annotations

from collections.abc import Sequence

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge import indexing, service
from kbagent.knowledge.schemas import KnowledgeItemCreate, KnowledgeItemUpdate

from .fakes import HashEmbedder


def test_prepared_vectors_are_used_only_when_they_match(settings: Settings) -> None:
    real = HashEmbedder(settings.embedding_dim)
    inline_calls: list[int] = []

    def counting(texts: Sequence[str]) -> list[list[float]]:
        inline_calls.append(len(texts))
        return real(texts)

    database = open_database(settings.resolved_database_url)
    try:
        prepared = indexing.prepare("Title", None, "Body text.", real, settings.embedding_dim)
        with database.writer() as session:
            data = KnowledgeItemCreate(display_title="Title", enhanced_content="Body text.")
            item = service.create_item(session, data, settings, counting, prepared)
            session.commit()
        assert inline_calls == []  # nothing embedded inside the transaction

        # Prepared for other text (a concurrent edit won): the service embeds inline instead.
        with database.writer() as session:
            update = KnowledgeItemUpdate(enhanced_content="Newer text.")
            service.update_item(session, item.id, update, settings, counting, prepared)
            session.commit()
        assert inline_calls == [1]
    finally:
        database.dispose()
