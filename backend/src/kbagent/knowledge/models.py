from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from kbagent.content.models import ContentItem
from kbagent.db import Base, JSONType, UTCDateTime, new_id, utcnow
from kbagent.knowledge.vector_column import Vector


class KnowledgeItem(Base):
    __tablename__ = "knowledge_items"
    __table_args__ = (Index("idx_knowledge_items_created", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    content_item_id: Mapped[str] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), unique=True
    )
    display_title: Mapped[str] = mapped_column(String(1024))
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    enhanced_content: Mapped[str] = mapped_column(Text)
    media_paths: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # The category is stored once, on the content item (the pipeline files content items;
    # renames, merges and moves move them); read here, and usable in queries, as a correlated
    # subquery. Read-only: `knowledge.repository.set_category` files an item.
    main_category: Mapped[str | None] = column_property(
        select(ContentItem.main_category)
        .where(ContentItem.id == content_item_id)
        .correlate_except(ContentItem)
        .scalar_subquery()
    )
    sub_category: Mapped[str | None] = column_property(
        select(ContentItem.sub_category)
        .where(ContentItem.id == content_item_id)
        .correlate_except(ContentItem)
        .scalar_subquery()
    )
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    source_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    model: Mapped[str | None] = mapped_column(String(200), default=None)  # who wrote the note
    # The content item's media entries (with the vision model's image descriptions), read to
    # describe `media_paths` (see `media`).
    media_files: Mapped[list[dict[str, Any]] | None] = column_property(
        select(ContentItem.media_files)
        .where(ContentItem.id == content_item_id)
        .correlate_except(ContentItem)
        .scalar_subquery()
    )
    # The source delivered a cut text (X's "RT @user: ..."): shown as a badge until a richer
    # source completes it. Stored once, on the content item.
    truncated: Mapped[bool | None] = column_property(
        select(ContentItem.truncated)
        .where(ContentItem.id == content_item_id)
        .correlate_except(ContentItem)
        .scalar_subquery()
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def media(self) -> list[dict[str, Any]]:
        """Each media path with its description, taken from the content item's media entry of
        the same path (the media phase writes it there)."""
        entries = {e.get("path"): e for e in self.media_files or [] if isinstance(e, dict)}
        described = []
        for index, path in enumerate(self.media_paths or []):
            description = entries.get(path, {}).get("description")
            described.append(
                {
                    "index": index,
                    "path": path,
                    "description": description if isinstance(description, str) else None,
                }
            )
        return described


class Embedding(Base):
    __tablename__ = "embeddings"
    __table_args__ = (Index("idx_embeddings_item", "knowledge_item_id", "chunk_index"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    knowledge_item_id: Mapped[str] = mapped_column(
        ForeignKey("knowledge_items.id", ondelete="CASCADE")
    )
    # Sized by the embedding model: `vector(N)` on PostgreSQL (typed by the migrations and
    # re-typed when the model changes, see knowledge/embedding_space.py), any length on SQLite.
    embedding: Mapped[list[float]] = mapped_column(Vector())
    model: Mapped[str] = mapped_column(String(200))
    chunk_index: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CategoryState(Base):
    """One row: a stamp that triggers move whenever a digest or an item's category changes
    (the in-memory centroids of knowledge/centroids.py are valid while it stands)."""

    __tablename__ = "category_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, server_default="0")


class TreeState(Base):
    """One row: a stamp that triggers move whenever an item count of the category tree may
    change (the in-memory counts of knowledge/tree.py are valid while it stands)."""

    __tablename__ = "tree_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, server_default="0")


class VectorChange(Base):
    """An item whose vectors changed (SQLite triggers on `embeddings` write it): SQLite's
    cached search matrix replaces only those items' rows (knowledge/search/vectors.py)."""

    __tablename__ = "vector_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    knowledge_item_id: Mapped[str] = mapped_column(String(32))


class SynthesisDocument(Base):
    __tablename__ = "synthesis_documents"
    __table_args__ = (UniqueConstraint("main_category", "sub_category"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    main_category: Mapped[str] = mapped_column(String(100))
    sub_category: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(1024))
    content: Mapped[str] = mapped_column(Text)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    source_item_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    content_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    is_stale: Mapped[bool] = mapped_column(Boolean, default=False)
    model: Mapped[str | None] = mapped_column(String(200), default=None)  # who wrote it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Category(Base):
    """A node of the controlled tree: one row per (main, sub) pair, so empty ones can exist."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("main_category", "sub_category"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    main_category: Mapped[str] = mapped_column(String(100))
    sub_category: Mapped[str] = mapped_column(String(100))
    # "user" nodes (made through the API) stay while empty; "auto" ones (made by the pipeline
    # or by filing an item) are pruned once no item is left in them.
    origin: Mapped[str] = mapped_column(String(16), default="auto", server_default="auto")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ItemDigest(Base):
    """The embedding of an item's compact digest, what categorisation compares with centroids.

    Stored as packed float32 bytes on both databases: centroids are means computed in numpy,
    and the vector's width follows whichever embedding model made it (`model`).
    """

    __tablename__ = "item_digests"

    content_item_id: Mapped[str] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    model: Mapped[str] = mapped_column(String(200))
    terms: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ItemVersion(Base):
    """A full snapshot of a KB item after each change; kept when the item is deleted."""

    __tablename__ = "item_versions"
    __table_args__ = (Index("idx_item_versions_item", "knowledge_item_id", "version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    knowledge_item_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(255))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class KnowledgeChunk(Base):
    """Searchable text of an item, in chunks; full-text indexes are built over `text`.

    SQLite indexes it with an FTS5 table kept in sync by triggers; PostgreSQL with a generated
    `tsv` column (not mapped here: it is written by the database only) and a GIN index.
    """

    __tablename__ = "knowledge_chunks"
    __table_args__ = (Index("idx_knowledge_chunks_item", "knowledge_item_id", "chunk_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    knowledge_item_id: Mapped[str] = mapped_column(
        ForeignKey("knowledge_items.id", ondelete="CASCADE")
    )
    chunk_index: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    token_count: Mapped[int] = mapped_column(Integer)


class SearchState(Base):
    """One row: a generation that changes whenever search chunks change (the stamp of the
    cached full-text statistics), and the embedding space (model, dimension) every stored
    vector belongs to."""

    __tablename__ = "search_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    embedding_model: Mapped[str | None] = mapped_column(String(200), default=None)
    embedding_dim: Mapped[int | None] = mapped_column(Integer, default=None)
