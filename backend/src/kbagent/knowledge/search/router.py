"""`POST /content/search` (hybrid, full-text or vector), `GET /knowledge/embeddings/search` and
`GET /knowledge/embeddings/space` (the stored vectors' model against the configured one)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kbagent.deps import DbDep, SettingsDep
from kbagent.knowledge import embedding_space
from kbagent.knowledge.search import service
from kbagent.knowledge.search.filters import SearchFilters
from kbagent.knowledge.search.schemas import (
    EmbeddingSearchQuery,
    EmbeddingSpaceRead,
    SearchMode,
    SearchRequest,
    SearchResponse,
)
from kbagent.knowledge.wiring import EmbedderDep
from kbagent.system.envelope import error_responses

router = APIRouter(tags=["search"])


@router.post("/content/search", responses=error_responses(413, 422, 503))
async def search(
    db: DbDep, settings: SettingsDep, embedder: EmbedderDep, body: SearchRequest
) -> SearchResponse:
    return await db.read(service.search, body, embedder, settings)


@router.get("/knowledge/embeddings/space")
async def embedding_space_status(db: DbDep, settings: SettingsDep) -> EmbeddingSpaceRead:
    """Which model the stored vectors come from, and whether a re-embedding is due."""
    return await db.read(embedding_space.describe, settings)


@router.get("/knowledge/embeddings/search", responses=error_responses(422, 503))
async def embedding_search(
    db: DbDep,
    settings: SettingsDep,
    embedder: EmbedderDep,
    params: Annotated[EmbeddingSearchQuery, Query()],
) -> SearchResponse:
    request = SearchRequest(
        query=params.q,
        mode=SearchMode.VECTOR,
        limit=params.limit,
        filters=SearchFilters(
            main_category=params.main_category,
            sub_category=params.sub_category,
            source_type=params.source_type,
        ),
    )
    return await db.read(service.search, request, embedder, settings)
