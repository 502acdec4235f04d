"""BM25 document counts: exact on a fresh database, from planner statistics after ANALYZE."""

from __future__ import annotations

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge import repository, service
from kbagent.knowledge.schemas import KnowledgeItemCreate
from kbagent.knowledge.search import fts
from kbagent.knowledge.search.filters import SearchFilters


def test_rankings_survive_analyze(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            for n in range(40):
                rare = " zanzibar" if n == 7 else ""
                body = f"common words appear in every note number {n}{rare}"
                data = KnowledgeItemCreate(display_title=f"Note {n}", enhanced_content=body)
                service.create_item(session, data, settings, None)
            session.commit()
        with database.reader() as session:
            before = fts.search(session, "common zanzibar", SearchFilters(), 10)
        with database.writer() as session:
            repository.analyse(session)
            repository.bump_search_generation(session)  # drop cached counts
            session.commit()
        with database.reader() as session:
            after = fts.search(session, "common zanzibar", SearchFilters(), 10)
            if repository.dialect(session) == "postgresql":
                assert "common" in fts._common_lexemes(session)
        assert [h[0] for h in after][:1] == [h[0] for h in before][:1]
        assert len(after) == len(before) == 10
    finally:
        database.dispose()
