"""Reciprocal rank fusion of item rankings (Cormack et al. 2009): score = sum 1/(k + rank)."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def best_chunk_per_item(hits: Sequence[tuple[str, int, float]]) -> list[tuple[str, int, float]]:
    """Chunk hits (best first) reduced to one hit per item, keeping the order."""
    seen: set[str] = set()
    items = []
    for item_id, chunk, score in hits:
        if item_id not in seen:
            seen.add(item_id)
            items.append((item_id, chunk, score))
    return items


def fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item_id in enumerate(ranking, start=1):
            scores[item_id] = scores.get(item_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
