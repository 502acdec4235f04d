"""Content business rules. Services never commit: the request or task boundary does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbagent.content import repository
from kbagent.content.models import CHANGED, ContentItem
from kbagent.content.schemas import ContentItemCreate, ContentItemUpdate, ContentListQuery
from kbagent.errors import Duplicate, InvalidInput, NotFound
from kbagent.media_path import MediaPath, MediaPathRefused


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


def _check_media(entries: Sequence[dict[str, Any]] | None, data_dir: Path) -> None:
    """A media entry's file must stay inside the media area once symlinks are resolved: the
    pipeline reads it and may send it to a hosted vision model (the schema already refused
    `..`, absolute paths and anything outside `media/`)."""
    refused = {}
    for entry in entries or []:
        for key in ("path", "local_path"):
            if entry.get(key) is None:
                continue
            try:
                MediaPath.parse(entry[key]).file(data_dir)
            except MediaPathRefused as exc:
                refused[exc.raw] = exc.reason
    if refused:
        raise InvalidInput(
            "Media files must lie inside the data directory's media area.",
            {"media_files": [f"{path}: {why}" for path, why in list(refused.items())[:10]]},
        )


def create_item(session: Session, data: ContentItemCreate, data_dir: Path) -> ContentItem:
    _check_media(data.media_files, data_dir)
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


def update_item(
    session: Session, item_id: str, data: ContentItemUpdate, data_dir: Path
) -> ContentItem:
    item = get_item(session, item_id)
    _check_media(data.media_files, data_dir)
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
