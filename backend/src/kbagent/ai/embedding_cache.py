"""Vectors already computed, by model and text: the same text is embedded once per process.

Keyed by the qualified model name (`backend:model`) and the SHA-256 of the text, so a re-run,
an unchanged item or a repeated search query costs no model call. Vectors are kept as float32
(1.5 kB for 384 dimensions); the oldest go first past MAX_ENTRIES.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
import numpy.typing as npt

MAX_ENTRIES = 50_000
Key = tuple[str, bytes]


def key(model: str, text: str) -> Key:
    return model, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._vectors: OrderedDict[Key, npt.NDArray[np.float32]] = OrderedDict()

    def get(self, model: str, texts: list[str]) -> list[list[float] | None]:
        """Each text's vector by `model`, or None where it is not known."""
        found: list[list[float] | None] = []
        with self._lock:
            for text in texts:
                vector = self._vectors.get(key(model, text))
                if vector is not None:
                    self._vectors.move_to_end(key(model, text))
                found.append(None if vector is None else vector.tolist())
        return found

    def put(self, model: str, texts: list[str], vectors: list[list[float]]) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._vectors[key(model, text)] = np.asarray(vector, dtype=np.float32)
            while len(self._vectors) > self.max_entries:
                self._vectors.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
