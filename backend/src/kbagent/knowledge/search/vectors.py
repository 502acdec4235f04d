"""Vector search: pgvector HNSW on PostgreSQL, exact numpy search on SQLite.

On SQLite all chunk vectors of the database are held in one float32 matrix per process
(~150 MB at 100k x 384); a query is one matrix-vector product (~6 ms at 100k x 384 here).
The matrix follows the `vector_changes` log (written by triggers on `embeddings`): each search
reads the log's newest entry, and a cached matrix replaces only the rows of the items logged
since; it is reloaded whole only when that is cheaper (many changes, or the entries it needs
were pruned). Reloading it whole after every write, as it was, took seconds per search at
100k chunks while a pipeline run wrote.
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
INCREMENTAL_ITEMS = 1000  # changed items applied to a cached matrix (or a quarter of its items)


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


@dataclass(frozen=True)
class _Matrix:
    """What one search reads: the first `len(alive)` rows of the store's buffers, with the rows
    of items replaced since masked out. Never changed after it is made."""

    seen: int  # newest vector change applied
    vectors: npt.NDArray[np.float32]
    alive: npt.NDArray[np.bool_]
    item_codes: npt.NDArray[np.int64]
    chunk_indexes: npt.NDArray[np.int64]
    item_ids: list[str]  # code -> item id (only grows)
    codes: dict[str, int]  # item id -> code (only grows)


class _Store:
    """One database's vectors in growable buffers, changed only under `_lock`.

    New rows go past the end of the rows any published `_Matrix` reads, and a replaced row is
    only masked in a new `alive` array, so searches never see a half-applied change.
    """

    def __init__(self, seen: int, rows: list[tuple[str, int, bytes]]) -> None:
        self.seen = seen
        self.dim = len(rows[0][2]) // 4 if rows else 0
        self.vectors = np.zeros((max(len(rows), 1024), self.dim), dtype=np.float32)
        self.item_codes = np.zeros(len(self.vectors), dtype=np.int64)
        self.chunk_indexes = np.zeros(len(self.vectors), dtype=np.int64)
        self.alive = np.zeros(0, dtype=np.bool_)
        self.rows_of: dict[int, list[int]] = {}
        self.item_ids: list[str] = []
        self.codes: dict[str, int] = {}
        self.dead = 0
        self._append(rows)

    def fits(self, rows: list[tuple[str, int, bytes]]) -> bool:
        return all(len(r[2]) == self.dim * 4 for r in rows) if self.dim else not rows

    def _append(self, rows: list[tuple[str, int, bytes]]) -> None:
        start, end = len(self.alive), len(self.alive) + len(rows)
        if end > len(self.vectors):  # grow by half again at least: amortised copies
            size = max(end, len(self.vectors) * 3 // 2)
            self.vectors = np.concatenate(
                [self.vectors[:start], np.zeros((size - start, self.dim), dtype=np.float32)]
            )
            self.item_codes = np.concatenate(
                [self.item_codes[:start], np.zeros(size - start, np.int64)]
            )
            self.chunk_indexes = np.concatenate(
                [self.chunk_indexes[:start], np.zeros(size - start, np.int64)]
            )
        if rows:
            # Raw float32 bytes straight into numpy: no per-float Python objects.
            blob = b"".join(r[2] for r in rows)
            self.vectors[start:end] = np.frombuffer(blob, dtype="<f4").reshape(len(rows), -1)
            for offset, (item_id, chunk, _) in enumerate(rows):
                code = self.codes.get(item_id)
                if code is None:
                    code = self.codes[item_id] = len(self.item_ids)
                    self.item_ids.append(item_id)
                self.item_codes[start + offset] = code
                self.chunk_indexes[start + offset] = chunk
                self.rows_of.setdefault(code, []).append(start + offset)
        self.alive = np.concatenate([self.alive, np.ones(len(rows), dtype=np.bool_)])

    def replace(self, seen: int, items: list[str], rows: list[tuple[str, int, bytes]]) -> None:
        """The current rows of `items` (possibly none: deleted) replace their cached ones."""
        alive = self.alive.copy()
        for item_id in items:
            code = self.codes.get(item_id)
            for row in self.rows_of.pop(code, []) if code is not None else []:
                alive[row] = False
                self.dead += 1
        self.alive = alive
        self._append(rows)
        self.seen = seen

    def worn(self) -> bool:
        """Mostly masked rows: cheaper to reload than to keep scanning them."""
        return self.dead > 1000 and self.dead > len(self.alive) // 2

    def view(self) -> _Matrix:
        rows = len(self.alive)
        return _Matrix(
            seen=self.seen,
            vectors=self.vectors[:rows],
            alive=self.alive,
            item_codes=self.item_codes[:rows],
            chunk_indexes=self.chunk_indexes[:rows],
            item_ids=self.item_ids,
            codes=self.codes,
        )


_cache: dict[str, _Store] = {}
_views: dict[str, _Matrix] = {}
_lock = threading.Lock()


def _refreshed(session: Session, store: _Store | None, oldest: int, newest: int) -> _Store:
    """`store` brought up to log entry `newest`, or a fresh store when that is cheaper (many
    changes, entries pruned, a new dimension) or there is none."""
    if store is not None and store.seen >= oldest - 1:
        limit = max(INCREMENTAL_ITEMS, len(store.codes) // 4)
        items = search_repository.changed_vector_items(session, store.seen, newest, limit)
        if items is not None:
            rows = search_repository.packed_vectors_of(session, items)
            if store.fits(rows):
                store.replace(newest, items, rows)
                if not store.worn():
                    return store
    # The log position is read before the rows: a change made meanwhile is applied again
    # next time (replacing an item's rows is idempotent).
    return _Store(newest, search_repository.packed_vectors(session))


def _matrix(session: Session) -> _Matrix:
    key = repository.database_key(session)
    oldest, newest = search_repository.last_vector_change(session)
    view = _views.get(key)
    if view is not None and view.seen == newest:
        return view
    with _lock:
        view = _views.get(key)
        if view is not None and view.seen == newest:
            return view
        store = _refreshed(session, _cache.pop(key, None), oldest, newest)
        _views.pop(key, None)
        while len(_cache) >= MAX_CACHED_DATABASES:  # one per database; tests open many
            dropped = next(iter(_cache))
            _cache.pop(dropped)
            _views.pop(dropped, None)
        _cache[key] = store
        view = _views[key] = store.view()
        return view


def _search_numpy(
    session: Session, query: Sequence[float], filters: SearchFilters, limit: int
) -> list[Hit]:
    matrix = _matrix(session)
    if not matrix.alive.any():
        return []
    # einsum runs in the calling thread; a BLAS matvec woke OpenBLAS's thread pool on every
    # query and measured 8.9 ms vs 0.5 ms at 10k x 384 for sporadic calls on this machine.
    scores = np.einsum("ij,j->i", matrix.vectors, np.asarray(query, dtype=np.float32))
    scores = np.where(matrix.alive, scores, -np.inf)
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
        (matrix.item_ids[matrix.item_codes[i]], int(matrix.chunk_indexes[i]), float(scores[i]))
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
