"""Deterministic test doubles for the models the knowledge base takes as callables."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

_WORD = re.compile(r"\w+")


def _bucket(word: str, dim: int) -> tuple[int, float]:
    digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dim, 1.0 if (value >> 32) & 1 else -1.0


class HashEmbedder:
    """Hashed bag of (crudely stemmed) words: similar texts get similar vectors."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.calls = 0

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        vectors = []
        for text in texts:
            vector = [0.0] * self.dim
            for word in _WORD.findall(text.lower()):
                index, sign = _bucket(word[:6], self.dim)
                vector[index] += sign
            vectors.append(vector)
        return vectors
