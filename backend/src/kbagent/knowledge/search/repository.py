"""The vector-search queries: every stored vector (SQLite's exact search loads them all), the
items a filter allows, and pgvector's nearest chunks.

Full-text search keeps its SQL in `fts.py`, where each statement is built together with the
BM25 scoring it feeds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Float, LargeBinary, delete, func, select, text, type_coerce
from sqlalchemy.orm import Session

from kbagent.knowledge.models import Embedding, KnowledgeItem, VectorChange
from kbagent.knowledge.search.filters import SearchFilters, allowed_items, conditions


def packed_vectors(session: Session) -> list[tuple[str, int, bytes]]:
    """(item id, chunk index, raw little-endian float32 bytes) for every stored vector."""
    rows = session.execute(
        select(
            Embedding.knowledge_item_id,
            Embedding.chunk_index,
            type_coerce(Embedding.embedding, LargeBinary),
        )
    ).all()
    return [(r[0], r[1], bytes(r[2])) for r in rows]


def packed_vectors_of(session: Session, item_ids: Sequence[str]) -> list[tuple[str, int, bytes]]:
    """`packed_vectors` of these items only."""
    found: list[tuple[str, int, bytes]] = []
    for start in range(0, len(item_ids), 500):
        rows = session.execute(
            select(
                Embedding.knowledge_item_id,
                Embedding.chunk_index,
                type_coerce(Embedding.embedding, LargeBinary),
            ).where(Embedding.knowledge_item_id.in_(item_ids[start : start + 500]))
        ).all()
        found.extend((r[0], r[1], bytes(r[2])) for r in rows)
    return found


def last_vector_change(session: Session) -> tuple[int, int]:
    """(oldest, newest) id in the vector change log; (0, 0) when it is empty."""
    row = session.execute(select(func.min(VectorChange.id), func.max(VectorChange.id))).one()
    return int(row[0] or 0), int(row[1] or 0)


def changed_vector_items(session: Session, after: int, upto: int, limit: int) -> list[str] | None:
    """Items whose vectors changed in log entries (after, upto]; None if over `limit`."""
    rows = session.scalars(
        select(VectorChange.knowledge_item_id)
        .where(VectorChange.id > after, VectorChange.id <= upto)
        .distinct()
        .limit(limit + 1)
    ).all()
    return None if len(rows) > limit else list(rows)


def prune_vector_changes(session: Session, keep: int, batch: int) -> int:
    """Delete up to `batch` of the oldest log entries beyond the newest `keep` (a cache older
    than the entries kept reloads whole)."""
    oldest, newest = last_vector_change(session)
    upto = min(newest - keep, oldest + batch - 1)
    result = session.execute(delete(VectorChange).where(VectorChange.id <= upto))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def allowed_item_ids(session: Session, filters: SearchFilters) -> Sequence[str]:
    return session.scalars(allowed_items(session, filters)).all()


def nearest_chunks(
    session: Session, query: Sequence[float], filters: SearchFilters, limit: int, ef_search: int
) -> list[tuple[str, int, float]]:
    """pgvector: (item id, chunk index, cosine distance) of the `limit` nearest chunks."""
    # Iterative scans keep filtered HNSW searches from returning too few rows (pgvector 0.8).
    session.execute(text(f"SET LOCAL hnsw.ef_search = {max(ef_search, limit)}"))
    session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
    distance = Embedding.embedding.op("<=>", return_type=Float)(np.asarray(query, dtype=np.float32))
    statement = select(Embedding.knowledge_item_id, Embedding.chunk_index, distance)
    if not filters.is_empty():
        statement = statement.join(
            KnowledgeItem, KnowledgeItem.id == Embedding.knowledge_item_id
        ).where(*conditions(session, filters))
    rows = session.execute(statement.order_by(distance).limit(limit)).all()
    return [(r[0], int(r[1]), float(r[2])) for r in rows]
