"""Request and response shapes of the knowledge endpoints (items, history, categories)."""

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

from kbagent.fields import Offset, not_null, storable_text
from kbagent.media_path import MediaPathText

_Storable = AfterValidator(storable_text)
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _Storable
]
Tag = Name
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1024), _Storable
]
Markdown = Annotated[str, StringConstraints(max_length=500_000), _Storable]
Summary = Annotated[str, StringConstraints(max_length=5_000), _Storable]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2048), _Storable]
MediaPath = Annotated[MediaPathText, _Storable]
Filter = Annotated[str, StringConstraints(max_length=100), _Storable]

_INPUT = ConfigDict(extra="forbid", strict=True)


class KnowledgeItemCreate(BaseModel):
    """A new KB item; without `content_item_id` a `manual` content item is created for it."""

    model_config = _INPUT

    content_item_id: str | None = Field(default=None, max_length=32)
    display_title: Title
    summary: Summary | None = None
    enhanced_content: Markdown = ""
    main_category: Name | None = None
    sub_category: Name | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=100)
    source_url: Url | None = None
    media_paths: list[MediaPath] = Field(default_factory=list, max_length=100)


class KnowledgeItemUpdate(BaseModel):
    """Partial update: only the fields sent are changed; each update is a new version.

    Fields whose column is never NULL may be omitted but not sent as `null`.
    """

    model_config = _INPUT

    display_title: Title | SkipJsonSchema[None] = None
    summary: Summary | None = None
    enhanced_content: Markdown | SkipJsonSchema[None] = None
    main_category: Name | None = None
    sub_category: Name | None = None
    tags: list[Tag] | SkipJsonSchema[None] = Field(default=None, max_length=100)
    source_url: Url | None = None
    media_paths: list[MediaPath] | SkipJsonSchema[None] = Field(default=None, max_length=100)

    _not_null = field_validator(
        "display_title", "enhanced_content", "tags", "media_paths", mode="before"
    )(not_null)


class ItemMediaRead(BaseModel):
    index: int = Field(description="Its place in `media_paths`: `GET .../media/{index}`.")
    path: str
    description: str | None = Field(description="The vision model's description, if any.")


class KnowledgeItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    content_item_id: str
    display_title: str
    summary: str | None
    enhanced_content: str
    main_category: str | None
    sub_category: str | None
    tags: list[str]
    source_url: str | None
    media_paths: list[str]
    media: list[ItemMediaRead]
    model: str | None = Field(description="The model that wrote the note (null if a person).")
    truncated: bool = Field(
        description="The source delivered a cut text (a retweet as X exports it); a richer "
        "source of the same post completes it when imported.",
    )
    version: int
    created_at: datetime
    updated_at: datetime

    @field_validator("tags", "media_paths", mode="before")
    @classmethod
    def _stored_null(cls, value: Any) -> Any:
        # Rows written before nulls were refused must still list, not answer 500.
        return [] if value is None else value

    @field_validator("truncated", mode="before")
    @classmethod
    def _no_flag(cls, value: Any) -> Any:
        return bool(value)


class KnowledgeItemPage(BaseModel):
    items: list[KnowledgeItemRead]
    total: int
    limit: int
    offset: int


class KnowledgeListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=200)
    offset: Offset = 0
    main_category: Filter | None = None
    sub_category: Filter | None = None
    tag: Filter | None = None


class ItemVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    knowledge_item_id: str
    version: int
    change: str
    snapshot: dict[str, Any]
    created_at: datetime


class ItemHistory(BaseModel):
    versions: list[ItemVersionRead]


class ItemDiff(BaseModel):
    from_version: int
    to_version: int
    diff: str = Field(description="Unified diff of the two versions rendered as markdown.")


class SubCategoryRead(BaseModel):
    name: str
    count: int


class MainCategoryRead(BaseModel):
    name: str
    count: int
    subcategories: list[SubCategoryRead]


class CategoryTree(BaseModel):
    categories: list[MainCategoryRead]
    total_items: int


class CategoryCreate(BaseModel):
    model_config = _INPUT

    main_category: Name
    sub_category: Name


class CategoryRead(BaseModel):
    main_category: str
    sub_category: str


class CategoryRename(BaseModel):
    """Rename a main category (no `sub_category`) or one subcategory."""

    model_config = _INPUT

    main_category: Name
    sub_category: Name | None = None
    new_name: Name


class CategoryMerge(BaseModel):
    """Merge a subcategory into another, or (no subcategories given) a main into another."""

    model_config = _INPUT

    source_main: Name
    source_sub: Name | None = None
    target_main: Name
    target_sub: Name | None = None


class CategoryMove(BaseModel):
    """Move a subcategory, with its items and synthesis, under another main category."""

    model_config = _INPUT

    main_category: Name
    sub_category: Name
    new_main_category: Name


class CategoryChange(BaseModel):
    items_updated: int
    syntheses_updated: int
