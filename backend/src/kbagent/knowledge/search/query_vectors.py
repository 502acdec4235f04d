"""Query vectors, remembered per embedder.

Search as you type asks for the same text again and again (a backspace, a refetch, the same
words in another mode, a page of results after the first), and embedding a query with a real
model costs milliseconds of CPU, far more on a busy machine, where a lookup costs none. The
vector of a text depends only on the embedder, which is replaced (never changed in place)
when the model changes, so entries are keyed by the embedder object itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

SIZE = 1024  # entries kept (one 384-d vector is ~3 kB as Python floats): a few MB at most


class QueryVectors:
    """A small least-recently-used memory of (embedder, dimension, text) -> unit vector."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, int, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, embedder: object, dim: int, text: str, compute: Callable[[], list[float]]
    ) -> list[float]:
        """The remembered vector, or `compute()`'s (run outside the lock, then kept)."""
        key = (embedder, dim, text)
        try:
            with self._lock:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    return found
        except TypeError:  # an unhashable embedder: nothing to key on, nothing remembered
            return compute()
        vector = compute()
        with self._lock:
            self._entries[key] = vector
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return vector

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


query_vectors = QueryVectors()
