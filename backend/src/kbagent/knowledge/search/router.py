"""`POST /content/search` (hybrid, full-text or vector) and `GET /knowledge/embeddings/search`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kbagent.deps import DbDep, SettingsDep
from kbagent.knowledge.search import service
from kbagent.knowledge.search.filters import SearchFilters
from kbagent.knowledge.search.schemas import (
    EmbeddingSearchQuery,
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
