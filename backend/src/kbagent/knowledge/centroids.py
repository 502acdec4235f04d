"""Category centroids: the mean digest vector of each category's items, and nearest lookups.

Centroids and key-term frequencies are made of sums over every filed digest. Recomputing them
from the stored digests for every item categorised read every digest per item (O(items), 100k
rows at 100k items), so each process keeps the sums in memory (`_Filed`), valid for one value
of the database's category stamp, which triggers move on any change of a digest or of an
item's category (a rename, merge or edit, a deleted item, another worker's filing). The
categorise phase applies its own change to the sums (`Filing`, `apply`) when nothing else
moved the stamp meanwhile; any other change makes the next reader reload them whole.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from kbagent.knowledge import repository

Vector = npt.NDArray[np.float32]
MIN_TO_CENTRE = 5  # filed items before their mean is a meaningful origin


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


def _means(groups: dict[tuple[str, str], list[Vector]], origin: Vector) -> list[Centroid]:
    return [
        Centroid(main, sub, unit(np.mean(vectors, axis=0) - origin), len(vectors))
        for (main, sub), vectors in sorted(groups.items())
    ]


Sums = dict[tuple[str, str], tuple[npt.NDArray[np.float64], int]]  # (main, sub) -> sum, count


@dataclass
class _Filed:
    """What centroids and key-term frequencies are made of, as of category stamp `stamp`."""

    stamp: int
    frequency: Counter[str] = field(default_factory=Counter)  # digests per key term
    documents: int = 0  # digests
    sums: dict[tuple[str, int], Sums] = field(default_factory=dict)  # per (model, dim)

    def add(self, filing: Filing, sign: int) -> None:
        self.documents += sign
        self.frequency.update({t: sign for t in set(filing.terms)})
        for term in set(filing.terms):
            if self.frequency[term] <= 0:
                del self.frequency[term]
        if filing.main is None or filing.sub is None:
            return
        vector = np.frombuffer(filing.vector, dtype="<f4").astype(np.float64)
        sums = self.sums.setdefault((filing.model, vector.shape[0]), {})
        key = (filing.main, filing.sub)
        total, count = sums.get(key, (np.zeros(vector.shape[0]), 0))
        if count + sign <= 0:
            sums.pop(key, None)
        else:
            sums[key] = (total + sign * vector, count + sign)


@dataclass(frozen=True)
class Filing:
    """One item's part in the sums: its category and its digest."""

    main: str | None
    sub: str | None
    model: str
    vector: bytes
    terms: list[str]


_filed: dict[str, _Filed] = {}
_filed_lock = threading.Lock()
MAX_CACHED_DATABASES = 4


def _reload(session: Session) -> _Filed:
    # The stamp is read first: a change committed meanwhile moves it past this one, so the
    # next reader reloads again rather than trusting sums that may lack it.
    filed = _Filed(stamp=repository.category_stamp(session))
    lists = repository.digest_terms(session)
    for terms in lists:
        filed.frequency.update(set(terms))
    filed.documents = len(lists)
    for main, sub, model, packed in repository.all_filed_digests(session):
        filed.add(Filing(main, sub, model, packed, []), 1)
        filed.documents -= 1  # counted with the terms above
    return filed


def _current(session: Session) -> _Filed:
    key = repository.database_key(session)
    stamp = repository.category_stamp(session)
    with _filed_lock:
        filed = _filed.get(key)
        if filed is None or filed.stamp != stamp:
            filed = _reload(session)
            _filed.pop(key, None)
            while len(_filed) >= MAX_CACHED_DATABASES:  # one per database; tests open many
                _filed.pop(next(iter(_filed)))
            _filed[key] = filed
        return filed


def filing(session: Session, item_id: str) -> Filing | None:
    """The item's part in the sums as stored now (None: it has no digest)."""
    main, sub, digest = repository.filed_digest(session, item_id)
    if digest is None:
        return None
    return Filing(main, sub, digest.model, bytes(digest.vector), list(digest.terms or []))


@dataclass(frozen=True)
class Change:
    """One item's filing changed inside a write transaction: `before` at stamp `stamp`, locked
    by `begin`, then `after` at `stamp_after`."""

    database: str
    stamp: int
    before: Filing | None
    stamp_after: int = 0
    after: Filing | None = None


def begin(session: Session, item_id: str) -> Change:
    """In a write transaction, before changing the item's digest or category."""
    stamp = repository.category_stamp(session, lock=True)
    return Change(repository.database_key(session), stamp, filing(session, item_id))


def end(session: Session, change: Change, item_id: str) -> Change:
    """In the same transaction, after the change (flushed)."""
    session.flush()
    return Change(
        change.database,
        change.stamp,
        change.before,
        repository.category_stamp(session),
        filing(session, item_id),
    )


def apply(change: Change) -> None:
    """After the commit: the cached sums take the change if they were current before it;
    otherwise they are dropped (the next reader reloads)."""
    with _filed_lock:
        filed = _filed.get(change.database)
        if filed is None:
            return
        if filed.stamp != change.stamp:
            _filed.pop(change.database, None)
            return
        if change.before is not None:
            filed.add(change.before, -1)
        if change.after is not None:
            filed.add(change.after, 1)
        filed.stamp = change.stamp_after


def load(session: Session, model: str, dim: int) -> tuple[list[Centroid], Vector]:
    """One centroid per (main, sub) holding items digested by `model` with `dim` dimensions,
    and the origin they are measured from (see `centre`). O(categories): from the sums."""
    filed = _current(session)
    with _filed_lock:
        sums = dict(filed.sums.get((model, dim), {}))
    members = sum(count for _, count in sums.values())
    if members >= MIN_TO_CENTRE:
        total = np.sum([s for s, _ in sums.values()], axis=0)
        origin = (total / members).astype(np.float32)
    else:
        origin = np.zeros(dim, dtype=np.float32)
    centroids = [
        Centroid(main, sub, unit((total_ / count).astype(np.float32) - origin), count)
        for (main, sub), (total_, count) in sorted(sums.items())
    ]
    return centroids, origin


def centre(vector: Vector, origin: Vector) -> Vector:
    """`vector` seen from the corpus mean.

    Every page of one manual is "about PostgreSQL": raw MiniLM cosines between unrelated
    chapters sit near 0.4-0.5, so one threshold either merged chapters or split topics.
    Measured from the corpus mean, only what sets an item apart counts (150 manual pages:
    purity 0.79 -> 0.85 at the same number of categories; a second sample 0.68 -> 0.74).
    """
    return unit(vector - origin)


def by_main(centroids: Sequence[Centroid]) -> list[Centroid]:
    """Main-level centroids (sub = ""): the member-weighted mean of their subcategories."""
    groups: dict[str, list[Vector]] = {}
    for c in centroids:
        groups.setdefault(c.main, []).extend([c.vector] * c.members)
    return [
        Centroid(main, "", unit(np.mean(vectors, axis=0)), len(vectors))
        for main, vectors in sorted(groups.items())
    ]


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
    """How many filed items have each key term, and how many items there are. The counter is
    the cached one, not a copy (O(vocabulary) per item): read it, never change it."""
    filed = _current(session)
    return filed.frequency, filed.documents
