"""Content business rules. Services never commit: the request or task boundary does."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbagent.content import repository
from kbagent.content.models import CHANGED, ContentItem
from kbagent.content.schemas import ContentItemCreate, ContentItemUpdate, ContentListQuery
from kbagent.errors import Duplicate, NotFound


def list_items(session: Session, params: ContentListQuery) -> tuple[Sequence[ContentItem], int]:
    return repository.list_items(session, params)


def get_item(session: Session, item_id: str) -> ContentItem:
    item = repository.get(session, item_id)
    if item is None:
        raise NotFound(f"No content item with id {item_id!r}.", {"id": item_id})
    return item


def _duplicate(source_type: str, source_id: str, existing_id: str | None) -> Duplicate:
    return Duplicate(
        f"A content item from {source_type} {source_id!r} already exists.",
        {"source_type": source_type, "source_id": source_id, "existing_id": existing_id},
    )


def create_item(session: Session, data: ContentItemCreate) -> ContentItem:
    existing = repository.get_by_source(session, data.source_type, data.source_id)
    if existing is not None:
        raise _duplicate(data.source_type, data.source_id, existing.id)
    item = ContentItem(**data.model_dump())
    try:
        with session.begin_nested():
            repository.add(session, item)
    except IntegrityError:
        # Lost a race with a concurrent create of the same source item.
        raise _duplicate(data.source_type, data.source_id, None) from None
    return item


# What the pipeline reads: a change to one of these means the item is processed again.
SOURCE_FIELDS = ("title", "content", "media_files")


def update_item(session: Session, item_id: str, data: ContentItemUpdate) -> ContentItem:
    item = get_item(session, item_id)
    changes = data.model_dump(exclude_unset=True)
    edited = any(k in SOURCE_FIELDS and getattr(item, k) != v for k, v in changes.items())
    for field, value in changes.items():
        setattr(item, field, value)
    if edited and "processing_state" not in changes:
        item.processing_state = CHANGED
    session.flush()
    return item


def delete_item(session: Session, item_id: str) -> None:
    item = get_item(session, item_id)
    repository.delete(session, item)
