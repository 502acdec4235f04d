from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SourceType = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[a-z_]+$")
]
Category = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ProcessingState = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]

SourceId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024)]

_INPUT = ConfigDict(extra="forbid", strict=True)


class ContentItemCreate(BaseModel):
    model_config = _INPUT

    source_type: SourceType = Field(examples=["url"])
    source_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)
    ]
    title: Title
    content: Annotated[str, StringConstraints(max_length=500_000)] = ""
    raw_data: dict[str, Any] | None = None
    main_category: Category | None = None
    sub_category: Category | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=100)
    media_files: list[dict[str, Any]] = Field(default_factory=list, max_length=100)


class ContentItemUpdate(BaseModel):
    """Partial update: only the fields sent are changed."""

    model_config = _INPUT

    title: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024)]
        | None
    ) = None
    content: Annotated[str, StringConstraints(max_length=500_000)] | None = None
    raw_data: dict[str, Any] | None = None
    processing_state: ProcessingState | None = None
    main_category: Category | None = None
    sub_category: Category | None = None
    tags: list[Tag] | None = Field(default=None, max_length=100)
    media_files: list[dict[str, Any]] | None = Field(default=None, max_length=100)


class ContentItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    source_type: str
    source_id: str
    title: str
    content: str
    raw_data: dict[str, Any] | None
    processing_state: str
    processed_at: datetime | None
    main_category: str | None
    sub_category: str | None
    tags: list[str]
    media_files: list[dict[str, Any]]
    generated_files: list[str]
    created_at: datetime
    updated_at: datetime


class ContentItemPage(BaseModel):
    items: list[ContentItemRead]
    total: int
    limit: int
    offset: int


class ContentListQuery(BaseModel):
    """Pagination and filters of `GET /content/items`; unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=10_000_000)
    source_type: str | None = Field(default=None, max_length=32)
    processing_state: str | None = Field(default=None, max_length=32)
    main_category: str | None = Field(default=None, max_length=100)
    sub_category: str | None = Field(default=None, max_length=100)

    def filters(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, exclude={"limit", "offset"})
