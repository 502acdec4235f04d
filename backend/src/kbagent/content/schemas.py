from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from kbagent.fields import JsonObject, Offset, not_null, storable_text
from kbagent.media_path import media_path_problem


def _media_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A media entry's file, if it names one, lies in the media area: the pipeline reads it
    (and may send it to a hosted vision model), so `kbagent.db` must never be one."""
    for key in ("path", "local_path"):
        value = entry.get(key)
        if value is None:
            continue
        problem = media_path_problem(value)
        if problem is not None:
            raise ValueError(f"media file `{key}` {problem}")
    return entry


MediaEntry = Annotated[JsonObject, AfterValidator(_media_entry)]

SourceType = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[a-z_]+$")
]
Category = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(storable_text),
]
Tag = Category
ProcessingState = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]

SourceId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=512),
    AfterValidator(storable_text),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1024),
    AfterValidator(storable_text),
]
Body = Annotated[str, StringConstraints(max_length=500_000), AfterValidator(storable_text)]
Filter = Annotated[str, StringConstraints(max_length=100), AfterValidator(storable_text)]

_INPUT = ConfigDict(extra="forbid", strict=True)


class ContentItemCreate(BaseModel):
    model_config = _INPUT

    source_type: SourceType = Field(examples=["url"])
    source_id: SourceId
    title: Title
    content: Body = ""
    raw_data: JsonObject | None = None
    main_category: Category | None = None
    sub_category: Category | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=100)
    media_files: list[MediaEntry] = Field(default_factory=list, max_length=100)


class ContentItemUpdate(BaseModel):
    """Partial update: only the fields sent are changed.

    Fields whose column is never NULL may be omitted but not sent as `null` (a stored null
    list once broke every listing); `null` clears the nullable ones.
    """

    model_config = _INPUT

    title: Title | SkipJsonSchema[None] = None
    content: Body | SkipJsonSchema[None] = None
    raw_data: JsonObject | None = None
    processing_state: ProcessingState | SkipJsonSchema[None] = None
    main_category: Category | None = None
    sub_category: Category | None = None
    tags: list[Tag] | SkipJsonSchema[None] = Field(default=None, max_length=100)
    media_files: list[MediaEntry] | SkipJsonSchema[None] = Field(default=None, max_length=100)

    _not_null = field_validator(
        "title", "content", "processing_state", "tags", "media_files", mode="before"
    )(not_null)


class ContentItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    source_type: str
    source_id: str
    title: str
    content: str
    raw_data: dict[str, Any] | None
    processing_state: str
    main_category: str | None
    sub_category: str | None
    tags: list[str]
    media_files: list[dict[str, Any]]
    truncated: bool
    created_at: datetime
    updated_at: datetime

    @field_validator("tags", "media_files", mode="before")
    @classmethod
    def _stored_null(cls, value: Any) -> Any:
        # Rows written before nulls were refused must still list, not answer 500.
        return [] if value is None else value


class ContentItemPage(BaseModel):
    items: list[ContentItemRead]
    total: int
    limit: int
    offset: int


class ContentListQuery(BaseModel):
    """Pagination and filters of `GET /content/items`; unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=200)
    offset: Offset = 0
    source_type: Filter | None = None
    processing_state: Filter | None = None
    main_category: Filter | None = None
    sub_category: Filter | None = None

    def filters(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, exclude={"limit", "offset"})
