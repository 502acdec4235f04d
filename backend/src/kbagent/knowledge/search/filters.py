"""Search filters (category, source type, tags, dates) as SQL conditions on knowledge items."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from kbagent.content.models import ContentItem
from kbagent.fields import storable_text
from kbagent.knowledge import repository
from kbagent.knowledge.categories import normalise_tag
from kbagent.knowledge.models import KnowledgeItem

Short = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(storable_text),
]


class SearchFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    main_category: Short | None = None
    sub_category: Short | None = None
    source_type: Short | None = None
    tags: list[Short] = Field(default_factory=list, max_length=20)
    date_from: datetime | None = None
    date_to: datetime | None = None

    def is_empty(self) -> bool:
        return self == SearchFilters()


def conditions(session: Session, filters: SearchFilters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.main_category is not None:
        found.append(KnowledgeItem.main_category == filters.main_category)
    if filters.sub_category is not None:
        found.append(KnowledgeItem.sub_category == filters.sub_category)
    if filters.tags:
        found.append(repository.has_tags(session, [normalise_tag(t) for t in filters.tags]))
    if filters.date_from is not None:
        found.append(KnowledgeItem.created_at >= filters.date_from)
    if filters.date_to is not None:
        found.append(KnowledgeItem.created_at <= filters.date_to)
    if filters.source_type is not None:
        found.append(
            KnowledgeItem.content_item_id.in_(
                select(ContentItem.id).where(ContentItem.source_type == filters.source_type)
            )
        )
    return found


def allowed_items(session: Session, filters: SearchFilters) -> Select[str]:
    return select(KnowledgeItem.id).where(*conditions(session, filters))
