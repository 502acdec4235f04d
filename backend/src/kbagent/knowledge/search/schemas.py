"""Search requests and results (`POST /content/search`, `GET /knowledge/embeddings/search`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kbagent.knowledge.search.filters import SearchFilters, Short

# Queries are never stored: hostile ones (NUL included) are searched for, not refused.
Query = Annotated[str, StringConstraints(max_length=50_000)]


class SearchMode(StrEnum):
    HYBRID = "hybrid"
    FULLTEXT = "fulltext"
    VECTOR = "vector"


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: Query
    mode: SearchMode = SearchMode.HYBRID
    filters: SearchFilters = Field(default_factory=SearchFilters)
    limit: int = Field(default=10, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=1000)


class SearchResult(BaseModel):
    item_id: str
    content_item_id: str
    title: str = Field(description="HTML-escaped, like the snippet.")
    summary: str | None = Field(description="HTML-escaped, like the snippet.")
    main_category: str | None
    sub_category: str | None
    tags: list[str]
    source_type: str
    source_url: str | None
    created_at: datetime
    score: float = Field(description="Fused (RRF), BM25 or cosine score; higher is better.")
    matched_by: list[SearchMode]
    chunk_index: int
    snippet: str = Field(description="HTML-escaped text with matches in <mark> tags.")


class SearchResponse(BaseModel):
    query: str
    mode: SearchMode
    results: list[SearchResult]
    took_ms: float


class EmbeddingSearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: Query
    limit: int = Field(default=10, ge=1, le=100)
    # The filters' own type, so a value the filters refuse is a 422 here, not a 500 later.
    main_category: Short | None = None
    sub_category: Short | None = None
    source_type: Short | None = None


class EmbeddingSpaceRead(BaseModel):
    """The model the stored vectors come from, against the configured one."""

    configured_model: str
    configured_dim: int
    stored_model: str | None = Field(description="None until the first vector is stored.")
    stored_dim: int | None
    vectors: int
    reembed_needed: bool = Field(
        description="True while vector search is unavailable: the next run that embeds (or "
        "POST /api/v1/agent/reembed) re-embeds every item with the configured model."
    )
