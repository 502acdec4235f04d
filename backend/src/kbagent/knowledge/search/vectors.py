"""Vector search: pgvector HNSW on PostgreSQL, exact numpy search on SQLite.

On SQLite all chunk vectors of the database are held in one float32 matrix per process
(~150 MB at 100k x 384), reloaded when `search_state.generation` moves; a query is one
matrix-vector product (~6 ms at 100k x 384 here).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from kbagent.errors import InvalidInput
from kbagent.knowledge import repository
from kbagent.knowledge.search import repository as search_repository
from kbagent.knowledge.search.filters import SearchFilters

Embedder = Callable[[Sequence[str]], list[list[float]]]
"""Texts in, one vector of `settings.embedding_dim` floats per text out (any scale)."""

Hit = tuple[str, int, float]  # item id, chunk index, similarity (higher is better)

HNSW_EF_SEARCH = 200
MAX_CACHED_DATABASES = 4


def normalise(vectors: Sequence[Sequence[float]], dim: int) -> list[list[float]]:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim != 2 or array.shape[1] != dim:
        got = array.shape[-1] if array.ndim == 2 else None
        raise InvalidInput(
            f"Embeddings must have {dim} dimensions (KBAGENT_EMBEDDING_DIM) but the model "
            f"returned {got}; set KBAGENT_EMBEDDING_DIM to the model's size.",
            {"shape": list(array.shape)},
        )
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return [[float(x) for x in row] for row in array / norms]


@dataclass
class _Matrix:
    generation: int
    vectors: npt.NDArray[np.float32]
    item_ids: list[str]
    item_codes: npt.NDArray[np.int64]
    codes: dict[str, int]
    chunk_indexes: npt.NDArray[np.int64]


_cache: dict[str, _Matrix] = {}
_lock = threading.Lock()


def _matrix(session: Session) -> _Matrix:
    key = repository.database_key(session)
    generation = repository.search_generation(session)
    cached = _cache.get(key)
    if cached is not None and cached.generation == generation:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.generation == generation:
            return cached
        # Raw float32 bytes straight into numpy: no per-float Python objects.
        rows = search_repository.packed_vectors(session)
        codes: dict[str, int] = {}
        ids = [r[0] for r in rows]
        blob = b"".join(r[2] for r in rows)
        matrix = _Matrix(
            generation=generation,
            # (0 rows: reshape cannot infer a width from an empty buffer.)
            vectors=np.frombuffer(blob, dtype="<f4")
            .reshape(len(rows), -1 if rows else 0)
            .astype(np.float32),
            item_ids=ids,
            item_codes=np.asarray([codes.setdefault(i, len(codes)) for i in ids], dtype=np.int64),
            chunk_indexes=np.asarray([r[1] for r in rows], dtype=np.int64),
            codes=codes,
        )
        _cache.pop(key, None)
        while len(_cache) >= MAX_CACHED_DATABASES:  # one per database; tests open many
            _cache.pop(next(iter(_cache)))
        _cache[key] = matrix
        return matrix


def _search_numpy(
    session: Session, query: Sequence[float], filters: SearchFilters, limit: int
) -> list[Hit]:
    matrix = _matrix(session)
    if not matrix.item_ids:
        return []
    # einsum runs in the calling thread; a BLAS matvec woke OpenBLAS's thread pool on every
    # query and measured 8.9 ms vs 0.5 ms at 10k x 384 for sporadic calls on this machine.
    scores = np.einsum("ij,j->i", matrix.vectors, np.asarray(query, dtype=np.float32))
    if not filters.is_empty():
        allowed = np.zeros(len(matrix.codes), dtype=np.bool_)
        for item_id in search_repository.allowed_item_ids(session, filters):
            code = matrix.codes.get(item_id)
            if code is not None:
                allowed[code] = True
        scores = np.where(allowed[matrix.item_codes], scores, -np.inf)
    count = min(limit, len(scores))
    top = np.argpartition(-scores, count - 1)[:count]
    top = top[np.argsort(-scores[top])]
    return [
        (matrix.item_ids[i], int(matrix.chunk_indexes[i]), float(scores[i]))
        for i in top
        if np.isfinite(scores[i])
    ]


def _search_pgvector(
    session: Session, query: Sequence[float], filters: SearchFilters, limit: int
) -> list[Hit]:
    rows = search_repository.nearest_chunks(session, query, filters, limit, HNSW_EF_SEARCH)
    return [(r[0], int(r[1]), 1.0 - float(r[2])) for r in rows]


def search(
    session: Session, query: Sequence[float], filters: SearchFilters, limit: int
) -> list[Hit]:
    """Best chunks by cosine similarity to the (unit) query vector."""
    if repository.dialect(session) == "postgresql":
        return _search_pgvector(session, query, filters, limit)
    return _search_numpy(session, query, filters, limit)
