"""Search: full-text and vector rankings at item level, fused by reciprocal rank fusion."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge import embedding_space, repository
from kbagent.knowledge.search import fts, hybrid, vectors
from kbagent.knowledge.search.query_vectors import query_vectors
from kbagent.knowledge.search.schemas import (
    SearchMode,
    SearchRequest,
    SearchResponse,
    SearchResult,
)
from kbagent.knowledge.search.snippets import snippet
from kbagent.knowledge.search.vectors import Embedder

POOL = 50  # items taken from each ranking before fusion


def _embed(query: str, embedder: Embedder | None, settings: Settings) -> list[float]:
    if embedder is None:
        raise ServiceUnavailable("Vector search needs an embedding model; none is configured.")
    dim = settings.embedding_dim
    return query_vectors.get(
        embedder, dim, query, lambda: vectors.normalise(embedder([query]), dim)[0]
    )


@dataclass(frozen=True)
class Ranked:
    """One item of a ranking, with the evidence of each method, comparable across corpora.

    `text_score`: the best chunk's BM25 over the query's idf mass (0 to 1; see `fts.scored`);
    `cosine`: the best chunk's cosine similarity to the query. None: that method did not
    find the item (or did not run).
    """

    item_id: str
    chunk: int
    score: float
    matched_by: list[SearchMode]
    text_score: float | None = None
    cosine: float | None = None


def rank_scored(
    session: Session,
    request: SearchRequest,
    embedder: Embedder | None,
    settings: Settings,
    text_query: str | None = None,
) -> list[Ranked]:
    """Items best first, offset+limit long at most; `text_query` replaces the query's words
    for full-text search only (chat drops question words, which embeddings read as context)."""
    want = request.offset + request.limit
    pool = max(POOL, want)
    text_hits: list[tuple[str, int, float]] = []
    vector_hits: list[tuple[str, int, float]] = []
    mass = 0.0
    use_vectors = request.mode is SearchMode.VECTOR or (
        request.mode is SearchMode.HYBRID and embedder is not None
    )
    # Never compare a query vector with vectors of another model: vector search waits for
    # the re-embedding, hybrid search answers from full text meanwhile.
    if use_vectors and not embedding_space.searchable(session, settings):
        if request.mode is SearchMode.VECTOR:
            raise embedding_space.unavailable(session, settings)
        use_vectors = False
    if request.mode is not SearchMode.VECTOR:
        query = request.query if text_query is None else text_query
        found, mass = fts.scored(session, query, request.filters, pool * 3)
        text_hits = hybrid.best_chunk_per_item(found)[:pool]
    if use_vectors and request.query.strip():
        query_vector = _embed(request.query, embedder, settings)
        found = vectors.search(session, query_vector, request.filters, pool * 3)
        vector_hits = hybrid.best_chunk_per_item(found)[:pool]
    texts = {i: s / mass for i, _, s in text_hits} if mass > 0 else {}
    cosines = {i: s for i, _, s in vector_hits}

    def ranked(item_id: str, chunk: int, score: float, by: list[SearchMode]) -> Ranked:
        return Ranked(item_id, chunk, score, by, texts.get(item_id), cosines.get(item_id))

    if request.mode is SearchMode.FULLTEXT or not use_vectors:
        return [ranked(i, c, s, [SearchMode.FULLTEXT]) for i, c, s in text_hits[:want]]
    if request.mode is SearchMode.VECTOR:
        return [ranked(i, c, s, [SearchMode.VECTOR]) for i, c, s in vector_hits[:want]]
    chunks = {i: c for i, c, _ in reversed(vector_hits)} | {i: c for i, c, _ in text_hits}
    fused = hybrid.fuse([[i for i, _, _ in text_hits], [i for i, _, _ in vector_hits]])
    return [
        ranked(
            item_id,
            chunks[item_id],
            score,
            [
                m
                for m, found_by in ((SearchMode.FULLTEXT, texts), (SearchMode.VECTOR, cosines))
                if item_id in found_by
            ],
        )
        for item_id, score in fused[:want]
    ]


def rank(
    session: Session, request: SearchRequest, embedder: Embedder | None, settings: Settings
) -> list[tuple[str, int, float, list[SearchMode]]]:
    """(item id, best chunk, score, matched by), best first, offset+limit long at most."""
    return [
        (r.item_id, r.chunk, r.score, r.matched_by)
        for r in rank_scored(session, request, embedder, settings)
    ]


def search(
    session: Session, request: SearchRequest, embedder: Embedder | None, settings: Settings
) -> SearchResponse:
    started = time.perf_counter()
    ranked = rank(session, request, embedder, settings)[request.offset :]
    results: list[SearchResult] = []
    if ranked:
        ids = [r[0] for r in ranked]
        items = repository.result_fields(session, ids)
        wanted = {(r[0], r[1]) for r in ranked}
        texts = {
            key: text for key, text in repository.chunk_texts(session, ids).items() if key in wanted
        }
        words = fts.terms(request.query)
        for item_id, chunk, score, matched_by in ranked:
            if item_id not in items:
                continue  # deleted between ranking and loading
            item = items[item_id]
            results.append(
                SearchResult(
                    item_id=item.id,
                    content_item_id=item.content_item_id,
                    # Escaped like the snippet: a results page may insert both as HTML.
                    title=html.escape(item.display_title),
                    summary=html.escape(item.summary) if item.summary is not None else None,
                    main_category=item.main_category,
                    sub_category=item.sub_category,
                    tags=item.tags or [],
                    source_type=item.source_type,
                    source_url=item.source_url,
                    created_at=item.created_at,
                    score=score,
                    matched_by=matched_by,
                    chunk_index=chunk,
                    snippet=snippet(texts.get((item_id, chunk), item.display_title), words),
                )
            )
    return SearchResponse(
        query=request.query[:200],
        mode=request.mode,
        results=results,
        took_ms=round((time.perf_counter() - started) * 1000, 3),
    )
