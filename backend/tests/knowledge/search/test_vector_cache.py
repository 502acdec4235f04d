"""SQLite's cached search matrix follows writes item by item, never reloading every vector.

Before the change log, every write of chunks or vectors moved the search generation and the
next search reloaded all vectors (100k rows at 100k chunks, seconds under a pipeline run).
PostgreSQL searches with pgvector and keeps no matrix, so these tests are SQLite's alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete

from kbagent.agent import retention
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, open_database
from kbagent.knowledge import embedding_space
from kbagent.knowledge.models import KnowledgeItem, VectorChange
from kbagent.knowledge.search import repository as search_repository
from kbagent.knowledge.search import vectors
from kbagent.knowledge.search.filters import SearchFilters

pytestmark = pytest.mark.parametrize("db_kind", ["sqlite"])
DIM = 16


def _unit(seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return vectors.normalise(rng.normal(size=(1, DIM)).tolist(), DIM)[0]


def _add(database: Database, settings: Settings, title: str, seed: int) -> str:
    space = embedding_space.Space("test:model", DIM)
    with database.writer() as session:
        content = ContentItem(source_type="manual", source_id=title, title=title, content="c")
        session.add(content)
        session.flush()
        item = KnowledgeItem(content_item_id=content.id, display_title=title, enhanced_content="c")
        session.add(item)
        session.flush()
        embedding_space.store(session, item.id, [_unit(seed), _unit(seed + 100)], space)
        session.commit()
        return item.id


def _store(database: Database, item_id: str, seed: int) -> None:
    with database.writer() as session:
        space = embedding_space.Space("test:model", DIM)
        embedding_space.store(session, item_id, [_unit(seed)], space)
        session.commit()


def _search(database: Database, seed: int, filters: SearchFilters | None = None) -> list[Any]:
    with database.reader() as session:
        return vectors.search(session, _unit(seed), filters or SearchFilters(), 10)


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the searches that read every stored vector."""
    calls: list[int] = []
    real = search_repository.packed_vectors

    def counted(session: Any) -> list[tuple[str, int, bytes]]:
        rows = real(session)
        calls.append(len(rows))
        return rows

    monkeypatch.setattr(search_repository, "packed_vectors", counted)
    return calls


def test_writes_reach_the_cached_matrix_without_a_full_reload(
    settings: Settings, full_loads: list[int]
) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        first = _add(database, settings, "first", 1)
        second = _add(database, settings, "second", 2)
        assert _search(database, 1)[0][:2] == (first, 0)
        assert len(full_loads) == 1

        # Replace one item's vectors, add a third item, delete the second one.
        _store(database, first, 3)
        third = _add(database, settings, "third", 4)
        with database.writer() as session:
            session.execute(delete(KnowledgeItem).where(KnowledgeItem.id == second))
            session.commit()

        hits = _search(database, 3)
        assert hits[0][:2] == (first, 0) and hits[0][2] == pytest.approx(1.0, abs=1e-5)
        assert all(h[0] != second for h in hits)  # deleted by a cascade: gone too
        assert all((h[0], h[1]) != (first, 1) for h in hits)  # its old second chunk: gone
        assert _search(database, 4)[0][:2] == (third, 0)
        assert _search(database, 104)[0][:2] == (third, 1)
        assert len(full_loads) == 1, "a write made a search reload every vector"

        # What the cache holds equals a fresh load.
        cached = [_search(database, s) for s in (1, 3, 4, 104)]
        vectors._cache.clear()
        vectors._views.clear()
        assert [_search(database, s) for s in (1, 3, 4, 104)] == cached
        assert len(full_loads) == 2
    finally:
        database.dispose()


def test_a_cache_behind_pruned_changes_reloads_whole(
    settings: Settings, full_loads: list[int]
) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        first = _add(database, settings, "first", 1)
        assert _search(database, 1)[0][0] == first
        second = _add(database, settings, "second", 2)
        # The entries the cache would need are gone: it must not miss `second`.
        with database.writer() as session:
            newest = search_repository.last_vector_change(session)[1]
            session.execute(delete(VectorChange).where(VectorChange.id < newest))
            session.commit()
        assert _search(database, 2)[0][0] == second
        assert len(full_loads) == 2
    finally:
        database.dispose()


def test_pruning_keeps_the_newest_changes(settings: Settings, monkeypatch: Any) -> None:
    monkeypatch.setattr(retention, "VECTOR_CHANGES_KEPT", 3)
    database = open_database(settings.resolved_database_url)
    try:
        for n in range(4):
            _add(database, settings, f"item {n}", n)  # two rows each: 8 log entries
        with database.reader() as session:
            _, newest = search_repository.last_vector_change(session)
        assert retention.prune_vector_changes(database) == 5
        with database.reader() as session:
            assert search_repository.last_vector_change(session) == (newest - 2, newest)
    finally:
        database.dispose()
