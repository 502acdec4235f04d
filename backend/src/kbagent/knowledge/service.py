"""KB item business rules: create, update, delete, restore; every change is a version.

Services never commit: the request or task boundary does. Models are plain callables passed
in (`Embedder`), so this module does not depend on any AI backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.content import repository as content_repository
from kbagent.content.models import ContentItem
from kbagent.db import new_id
from kbagent.errors import Duplicate, InvalidInput, NotFound
from kbagent.knowledge import embedding_space, history, repository, tree
from kbagent.knowledge.categories import normalise_tags
from kbagent.knowledge.indexing import PreparedIndex, embed_chunks
from kbagent.knowledge.models import KnowledgeItem
from kbagent.knowledge.schemas import (
    KnowledgeItemCreate,
    KnowledgeItemUpdate,
    KnowledgeListQuery,
)
from kbagent.knowledge.search.chunking import chunk_item, token_count
from kbagent.knowledge.search.vectors import Embedder
from kbagent.media_path import MediaPath, MediaPathRefused, confined

TEXT_FIELDS = {"display_title", "summary", "enhanced_content"}
NULLABLE_FIELDS = ("summary", "main_category", "sub_category", "source_url")


def list_items(session: Session, params: KnowledgeListQuery) -> tuple[Sequence[KnowledgeItem], int]:
    return repository.list_items(session, params)


def get_item(session: Session, item_id: str) -> KnowledgeItem:
    item = repository.get_item(session, item_id)
    if item is None:
        raise NotFound(f"No knowledge item with id {item_id!r}.", {"id": item_id})
    return item


def item_chunks(session: Session, item: KnowledgeItem) -> list[str]:
    """What search indexes for an item: its note, and its source's text."""
    source = content_repository.get(session, item.content_item_id)
    # A manual item has no source but its note (its content item only mirrors the first one).
    text = source.content if source is not None and source.source_type != "manual" else None
    return chunk_item(item.display_title, item.summary, item.enhanced_content, source=text)


def index_item(
    session: Session,
    item: KnowledgeItem,
    embedder: Embedder | None,
    settings: Settings,
    prepared: PreparedIndex | None = None,
) -> None:
    """Rebuild the item's search chunks (full-text) and, given an embedder, its vectors.

    While the index holds another model's vectors (a re-embed is due), none are written: new
    ones would mix spaces, and the re-embedding run replaces every item's vectors anyway.
    """
    chunks = item_chunks(session, item)
    repository.replace_chunks(session, item.id, [(c, token_count(c)) for c in chunks])
    if embedder is None or not embedding_space.searchable(session, settings):
        return
    if prepared is not None and prepared.chunks == chunks and prepared.vectors is not None:
        vectors = prepared.vectors
    else:
        vectors = embed_chunks(chunks, embedder, settings.embedding_dim)
    embedding_space.store(session, item.id, vectors, embedding_space.configured(settings))


def _checked_media(settings: Settings, paths: Sequence[str]) -> list[str]:
    """Media paths must resolve (symlinks too) inside the media area; the vault, its zip
    export and its git push copy these files, so a path to the database or the secret key
    would publish it."""
    refused: dict[str, str] = {}
    for raw in paths:
        try:
            MediaPath.parse(raw).file(settings.data_dir)
        except MediaPathRefused as exc:
            refused[exc.raw] = exc.reason
    if refused:
        raise InvalidInput(
            "Media paths must name files inside the data directory's media area.",
            {
                "media_paths": list(refused)[:10],
                "reasons": [f"{path}: {why}" for path, why in list(refused.items())[:10]],
            },
        )
    return list(paths)


def _content_item(session: Session, data: KnowledgeItemCreate) -> str:
    if data.content_item_id is None:
        content = ContentItem(
            source_type="manual",
            source_id=new_id(),
            title=data.display_title,
            content=data.enhanced_content,
            processing_state="processed",
        )
        repository.add(session, content)
        return content.id
    if content_repository.get(session, data.content_item_id) is None:
        raise NotFound(
            f"No content item with id {data.content_item_id!r}.", {"id": data.content_item_id}
        )
    existing = repository.get_by_content_item(session, data.content_item_id)
    if existing is not None:
        raise Duplicate(
            "That content item already has a knowledge item.", {"existing_id": existing.id}
        )
    return data.content_item_id


def create_item(
    session: Session,
    data: KnowledgeItemCreate,
    settings: Settings,
    embedder: Embedder | None,
    prepared: PreparedIndex | None = None,
) -> KnowledgeItem:
    content_item_id = _content_item(session, data)
    item = KnowledgeItem(
        content_item_id=content_item_id,
        display_title=data.display_title,
        summary=data.summary,
        enhanced_content=data.enhanced_content,
        tags=normalise_tags(data.tags),
        source_url=data.source_url,
        media_paths=_checked_media(settings, data.media_paths),
        version=1,
    )
    repository.add(session, item)
    # The category is the content item's: kept as filed unless this request names one.
    if {"main_category", "sub_category"} & data.model_fields_set:
        main, sub = tree.resolve(
            session, data.main_category, data.sub_category, settings.category_similarity
        )
        repository.set_category(session, item, main, sub)
    history.record(session, item, "created")
    index_item(session, item, embedder, settings, prepared)
    repository.load_media_entries(session, item)
    return item


def _apply(
    session: Session,
    item: KnowledgeItem,
    changes: dict[str, Any],
    change: str,
    settings: Settings,
    embedder: Embedder | None,
    prepared: PreparedIndex | None,
) -> KnowledgeItem:
    if "tags" in changes:
        changes["tags"] = normalise_tags(changes["tags"] or [])
    if "media_paths" in changes:
        changes["media_paths"] = _checked_media(settings, changes["media_paths"] or [])
    if "main_category" in changes or "sub_category" in changes:
        main = changes.get("main_category", item.main_category)
        sub = changes.get(
            "sub_category", item.sub_category if "main_category" not in changes else None
        )
        changes["main_category"], changes["sub_category"] = tree.resolve(
            session, main, sub, settings.category_similarity
        )
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changed:
        return item
    if {"main_category", "sub_category"} & changed.keys():
        repository.set_category(session, item, changes["main_category"], changes["sub_category"])
    for field, value in changed.items():
        if field not in ("main_category", "sub_category"):
            setattr(item, field, value)
    item.version += 1
    session.flush()
    history.record(session, item, change)
    if TEXT_FIELDS & changed.keys():
        index_item(session, item, embedder, settings, prepared)
    return item


def update_item(
    session: Session,
    item_id: str,
    data: KnowledgeItemUpdate,
    settings: Settings,
    embedder: Embedder | None,
    prepared: PreparedIndex | None = None,
    change: str = "edited",
) -> KnowledgeItem:
    """`change`: how the version history names it ("edited" by a user; the pipeline and the
    legacy migration say what they did, so a rewrite over an edit is told apart)."""
    item = get_item(session, item_id)
    changes = data.model_dump(exclude_unset=True)
    return _apply(session, item, changes, change, settings, embedder, prepared)


def restore_version(
    session: Session,
    item_id: str,
    version: int,
    settings: Settings,
    embedder: Embedder | None,
    prepared: PreparedIndex | None = None,
) -> KnowledgeItem:
    item = get_item(session, item_id)
    snap = history.get_version(session, item_id, version).snapshot
    # A snapshot may predate a field, or hold a null stored before nulls were refused.
    changes: dict[str, Any] = {
        f: snap[f] for f in history.SNAPSHOT_FIELDS if snap.get(f) is not None
    }
    for nullable in NULLABLE_FIELDS:
        changes.setdefault(nullable, None)
    paths = changes.get("media_paths", [])
    changes["media_paths"] = [p for p in paths if confined(settings.data_dir, p) is not None]
    return _apply(session, item, changes, f"restored v{version}", settings, embedder, prepared)


def delete_item(session: Session, item_id: str) -> None:
    item = get_item(session, item_id)
    item.version += 1
    history.record(session, item, "deleted")
    repository.bump_search_generation(session)
    repository.delete_row(session, item)
