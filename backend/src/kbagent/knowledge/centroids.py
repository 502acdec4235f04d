"""Category centroids: the mean digest vector of each category's items, and nearest lookups.

Centroids are recomputed from the stored digests on every call rather than kept as running
sums: an item moved by a rename, merge or edit, or one whose later phases failed, then counts
where it is now, and several workers filing items at once never race on a shared sum. One
query and one numpy pass per item (~15 ms per 10k filed items here).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from kbagent.knowledge import repository

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Centroid:
    main: str
    sub: str
    vector: Vector  # unit length
    members: int


def pack(vector: npt.ArrayLike) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def unit(vectors: npt.ArrayLike) -> Vector:
    array = np.asarray(vectors, dtype=np.float32)
    norm = np.linalg.norm(array, axis=-1, keepdims=True)
    result: Vector = array / np.clip(norm, 1e-12, None)
    return result


def _means(groups: dict[tuple[str, str], list[Vector]]) -> list[Centroid]:
    return [
        Centroid(main, sub, unit(np.mean(vectors, axis=0)), len(vectors))
        for (main, sub), vectors in sorted(groups.items())
    ]


def load(session: Session, model: str, dim: int) -> list[Centroid]:
    """One centroid per (main, sub) holding items digested by `model` with `dim` dimensions."""
    groups: dict[tuple[str, str], list[Vector]] = {}
    for main, sub, packed in repository.filed_digests(session, model):
        vector = np.frombuffer(packed, dtype="<f4")
        if vector.shape[0] == dim:
            groups.setdefault((main, sub), []).append(vector)
    return _means(groups)


def by_main(centroids: Sequence[Centroid]) -> list[Centroid]:
    """Main-level centroids (sub = ""): the member-weighted mean of their subcategories."""
    groups: dict[str, list[Vector]] = {}
    for c in centroids:
        groups.setdefault(c.main, []).extend([c.vector] * c.members)
    return _means({(main, ""): vectors for main, vectors in groups.items()})


def nearest(
    vector: Vector, centroids: Sequence[Centroid], limit: int
) -> list[tuple[float, Centroid]]:
    """The `limit` closest centroids by cosine similarity, closest first."""
    if not centroids:
        return []
    scores = np.stack([c.vector for c in centroids]) @ vector
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(float(scores[i]), centroids[i]) for i in order]


def document_frequency(session: Session) -> tuple[Counter[str], int]:
    """How many filed items have each key term, and how many items there are."""
    lists = repository.digest_terms(session)
    counts: Counter[str] = Counter()
    for terms in lists:
        counts.update(set(terms))
    return counts, len(lists)
