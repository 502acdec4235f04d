"""Every query on knowledge items, categories, versions, chunks and syntheses lives here.

(Ranking queries for search live beside their algorithms in `knowledge/search/`.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ColumnElement,
    and_,
    cast,
    delete,
    exists,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from kbagent.content.models import ContentItem
from kbagent.knowledge.categories import normalise_tag
from kbagent.knowledge.models import (
    Category,
    CategoryState,
    Embedding,
    ItemDigest,
    ItemVersion,
    KnowledgeChunk,
    KnowledgeItem,
    SearchState,
    SynthesisDocument,
    TreeState,
)
from kbagent.knowledge.schemas import KnowledgeListQuery


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def database_key(session: Session) -> str:
    """Identifies the database a session talks to (for per-database caches)."""
    return str(session.get_bind().engine.url)


def has_tags(session: Session, tags: Sequence[str]) -> ColumnElement[bool]:
    """Items carrying every tag in `tags` (JSON containment, per database)."""
    if dialect(session) == "postgresql":
        wanted = cast(literal(json.dumps(list(tags))), JSONB)
        return KnowledgeItem.tags.op("@>", return_type=Boolean)(wanted)
    conditions = []
    for tag in tags:
        each = func.json_each(KnowledgeItem.tags).table_valued("value").alias()
        conditions.append(exists(select(1).select_from(each).where(each.c.value == tag)))
    return and_(*conditions)


def list_items(session: Session, params: KnowledgeListQuery) -> tuple[Sequence[KnowledgeItem], int]:
    conditions: list[ColumnElement[bool]] = []
    if params.main_category is not None:
        conditions.append(KnowledgeItem.main_category == params.main_category)
    if params.sub_category is not None:
        conditions.append(KnowledgeItem.sub_category == params.sub_category)
    if params.tag is not None:
        conditions.append(has_tags(session, [normalise_tag(params.tag)]))
    total = session.scalar(select(func.count()).select_from(KnowledgeItem).where(*conditions))
    rows = session.scalars(
        select(KnowledgeItem)
        .where(*conditions)
        .order_by(KnowledgeItem.created_at.desc(), KnowledgeItem.id)
        .limit(params.limit)
        .offset(params.offset)
    )
    return rows.all(), int(total or 0)


def get_item(session: Session, item_id: str) -> KnowledgeItem | None:
    return session.get(KnowledgeItem, item_id)


def get_by_content_item(session: Session, content_item_id: str) -> KnowledgeItem | None:
    return session.scalars(
        select(KnowledgeItem).where(KnowledgeItem.content_item_id == content_item_id)
    ).first()


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def load_media_entries(session: Session, item: KnowledgeItem) -> None:
    """Read a new item's `media_files` and `truncated` (subqueries the insert did not load)
    while the session is open, so the item describes them once the session is gone."""
    session.refresh(item, ["media_files", "truncated"])


def delete_row(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def items_in_category(session: Session, main: str, sub: str | None) -> Sequence[KnowledgeItem]:
    query = (
        select(KnowledgeItem)
        .join(ContentItem, ContentItem.id == KnowledgeItem.content_item_id)
        .where(ContentItem.main_category == main)
    )
    if sub is not None:
        query = query.where(ContentItem.sub_category == sub)
    return session.scalars(query.order_by(KnowledgeItem.created_at, KnowledgeItem.id)).all()


def set_category(session: Session, item: KnowledgeItem, main: str | None, sub: str | None) -> None:
    """File a knowledge item: its category is its content item's (stored once)."""
    content = session.get(ContentItem, item.content_item_id)
    if content is None:
        raise LookupError(f"knowledge item {item.id} has no content item")
    content.main_category, content.sub_category = main, sub
    set_committed_value(item, "main_category", main)
    set_committed_value(item, "sub_category", sub)
    session.flush()


def refile(session: Session, src: tuple[str, str], dst: tuple[str, str]) -> Sequence[KnowledgeItem]:
    """Move every content item filed under `src` to `dst`; the knowledge items it moved."""
    moved = list(
        session.scalars(
            select(ContentItem.id).where(
                ContentItem.main_category == src[0], ContentItem.sub_category == src[1]
            )
        )
    )
    if not moved:
        return []
    session.execute(
        update(ContentItem)
        .where(ContentItem.id.in_(moved))
        .values(main_category=dst[0], sub_category=dst[1])
        .execution_options(synchronize_session="fetch")
    )
    return session.scalars(
        select(KnowledgeItem)
        .where(KnowledgeItem.content_item_id.in_(moved))
        .order_by(KnowledgeItem.created_at, KnowledgeItem.id)
        .execution_options(populate_existing=True)
    ).all()


def all_items(session: Session) -> Sequence[KnowledgeItem]:
    return session.scalars(select(KnowledgeItem).order_by(KnowledgeItem.id)).all()


def recent_items(session: Session, limit: int) -> Sequence[KnowledgeItem]:
    return session.scalars(
        select(KnowledgeItem).order_by(KnowledgeItem.created_at.desc()).limit(limit)
    ).all()


# Categories


def category_counts(session: Session) -> list[tuple[str, str, int]]:
    rows = session.execute(
        select(ContentItem.main_category, ContentItem.sub_category, func.count())
        .join(KnowledgeItem, KnowledgeItem.content_item_id == ContentItem.id)
        .where(ContentItem.main_category.is_not(None))
        .group_by(ContentItem.main_category, ContentItem.sub_category)
    )
    return [(str(m), str(s or ""), int(n)) for m, s, n in rows]


def tree_stamp(session: Session) -> int:
    """The stamp triggers move on any change of an item count (migration 0022)."""
    return int(session.scalar(select(TreeState.generation).where(TreeState.id == 1)) or 0)


def list_categories(session: Session) -> Sequence[Category]:
    return session.scalars(
        select(Category).order_by(Category.main_category, Category.sub_category)
    ).all()


def get_category(session: Session, main: str, sub: str) -> Category | None:
    return session.scalars(
        select(Category).where(Category.main_category == main, Category.sub_category == sub)
    ).first()


def prune_empty_categories(session: Session) -> list[tuple[str, str]]:
    """Delete the pipeline's category nodes that no knowledge item is filed under."""
    filed = (
        select(KnowledgeItem.id)
        .join(ContentItem, ContentItem.id == KnowledgeItem.content_item_id)
        .where(
            ContentItem.main_category == Category.main_category,
            ContentItem.sub_category == Category.sub_category,
        )
    )
    empty = session.scalars(select(Category).where(Category.origin == "auto", ~exists(filed))).all()
    for category in empty:
        session.delete(category)
    session.flush()
    return [(c.main_category, c.sub_category) for c in empty]


# Categorisation digests


def all_filed_digests(session: Session) -> list[tuple[str, str, str, bytes]]:
    """(main, sub, model, packed vector) of every filed item's digest, whatever its model."""
    main, sub = ContentItem.main_category, ContentItem.sub_category
    rows = session.execute(
        select(main, sub, ItemDigest.model, ItemDigest.vector)
        .join(ContentItem, ContentItem.id == ItemDigest.content_item_id)
        .where(main.is_not(None), sub.is_not(None))
    )
    return [(str(m), str(s), str(model), bytes(v)) for m, s, model, v in rows]


def category_stamp(session: Session, *, lock: bool = False) -> int:
    """The stamp triggers move on any change of a digest or an item's category; `lock` holds
    it (PostgreSQL) so no other writer moves it before this transaction ends."""
    query = select(CategoryState.generation).where(CategoryState.id == 1)
    if lock:
        query = query.with_for_update()
    return int(session.scalar(query) or 0)


def filed_digest(
    session: Session, item_id: str
) -> tuple[str | None, str | None, ItemDigest | None]:
    """(main, sub, digest) of one content item."""
    row = session.execute(
        select(ContentItem.main_category, ContentItem.sub_category).where(ContentItem.id == item_id)
    ).first()
    digest = session.get(ItemDigest, item_id)
    return (row[0], row[1], digest) if row is not None else (None, None, digest)


def digest_terms(session: Session) -> list[list[str]]:
    return [list(t or []) for t in session.scalars(select(ItemDigest.terms))]


def save_digest(
    session: Session, item_id: str, vector: bytes, model: str, terms: Sequence[str]
) -> None:
    row = session.get(ItemDigest, item_id)
    if row is None:
        session.add(
            ItemDigest(content_item_id=item_id, vector=vector, model=model, terms=list(terms))
        )
    else:
        row.vector, row.model, row.terms = vector, model, list(terms)
    session.flush()


def count_items(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(KnowledgeItem)) or 0)


def count_chunks(session: Session, item_id: str) -> int:
    """How many searchable chunks one knowledge item has."""
    query = select(func.count()).where(KnowledgeChunk.knowledge_item_id == item_id)
    return int(session.scalar(query) or 0)


# Versions


def list_versions(session: Session, item_id: str) -> Sequence[ItemVersion]:
    return session.scalars(
        select(ItemVersion)
        .where(ItemVersion.knowledge_item_id == item_id)
        .order_by(ItemVersion.version)
    ).all()


def old_version_ids(session: Session, keep: int, limit: int) -> list[str]:
    """Up to `limit` ids of versions that are neither an item's first nor among its latest
    `keep`."""
    item = ItemVersion.knowledge_item_id
    ranked = select(
        ItemVersion.id,
        ItemVersion.version,
        func.row_number()
        .over(partition_by=item, order_by=ItemVersion.version.desc())
        .label("newest"),
        func.min(ItemVersion.version).over(partition_by=item).label("first"),
    ).subquery()
    old = (
        select(ranked.c.id)
        .where(ranked.c.newest > keep, ranked.c.version != ranked.c.first)
        .limit(limit)
    )
    return list(session.scalars(old))


def delete_versions(session: Session, ids: list[str]) -> int:
    result = session.execute(delete(ItemVersion).where(ItemVersion.id.in_(ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def get_version(session: Session, item_id: str, version: int) -> ItemVersion | None:
    return session.scalars(
        select(ItemVersion).where(
            ItemVersion.knowledge_item_id == item_id, ItemVersion.version == version
        )
    ).first()


# Search indexes


def replace_chunks(session: Session, item_id: str, chunks: Sequence[tuple[str, int]]) -> None:
    session.execute(delete(KnowledgeChunk).where(KnowledgeChunk.knowledge_item_id == item_id))
    session.add_all(
        KnowledgeChunk(knowledge_item_id=item_id, chunk_index=i, text=t, token_count=n)
        for i, (t, n) in enumerate(chunks)
    )
    bump_search_generation(session)
    session.flush()


def replace_embeddings(
    session: Session, item_id: str, vectors: Sequence[Sequence[float]], model: str
) -> None:
    # No search generation bump: it stamps the full-text statistics, which vectors leave
    # alone (SQLite's vector matrix follows the `vector_changes` log instead).
    session.execute(delete(Embedding).where(Embedding.knowledge_item_id == item_id))
    session.add_all(
        Embedding(knowledge_item_id=item_id, chunk_index=i, embedding=list(v), model=model)
        for i, v in enumerate(vectors)
    )
    session.flush()


def bump_search_generation(session: Session) -> None:
    session.execute(update(SearchState).values(generation=SearchState.generation + 1))


def search_generation(session: Session) -> int:
    return int(session.scalar(select(SearchState.generation).where(SearchState.id == 1)) or 0)


def embedding_space(session: Session, *, lock: bool = False) -> tuple[str | None, int | None]:
    """(model, dimension) of every stored vector; (None, ...) while no model has claimed it."""
    query = select(SearchState.embedding_model, SearchState.embedding_dim).where(
        SearchState.id == 1
    )
    if lock:
        query = query.with_for_update()  # no-op on SQLite, whose writers are serialised
    row = session.execute(query).first()
    return (None, None) if row is None else (row[0], row[1])


def set_embedding_space(session: Session, model: str, dim: int) -> None:
    session.execute(
        update(SearchState)
        .where(SearchState.id == 1)
        .values(embedding_model=model, embedding_dim=dim)
    )


def vector_column_dim(session: Session) -> int | None:
    """The declared size of PostgreSQL's `vector(N)` column (pgvector keeps N in atttypmod)."""
    if dialect(session) != "postgresql":
        return None
    typmod = session.scalar(
        text(
            "SELECT atttypmod FROM pg_attribute "
            "WHERE attrelid = 'embeddings'::regclass AND attname = 'embedding'"
        )
    )
    return int(typmod) if typmod is not None and typmod > 0 else None


def drop_vectors(session: Session, dim: int) -> None:
    """Delete every vector; on PostgreSQL type the column `vector(dim)` and rebuild the HNSW
    index (built on the empty table, it then grows with the inserts)."""
    if dialect(session) != "postgresql":
        session.execute(delete(Embedding))
        session.flush()
        return
    # TRUNCATE frees the table and its HNSW index at once (DELETE leaves both to vacuum).
    session.execute(text("TRUNCATE embeddings"))
    if vector_column_dim(session) != dim:
        session.execute(text("DROP INDEX IF EXISTS idx_embeddings_vector"))
        session.execute(
            text(f"ALTER TABLE embeddings ALTER COLUMN embedding TYPE vector({int(dim)})")
        )
        session.execute(
            text(
                "CREATE INDEX idx_embeddings_vector ON embeddings "
                "USING hnsw (embedding vector_cosine_ops)"
            )
        )
    session.flush()


def count_embeddings(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Embedding)) or 0)


def has_embeddings(session: Session) -> bool:
    return session.scalar(select(exists().where(Embedding.id.is_not(None)))) is True


# Syntheses


def list_syntheses(session: Session) -> Sequence[SynthesisDocument]:
    return session.scalars(
        select(SynthesisDocument).order_by(
            SynthesisDocument.main_category, SynthesisDocument.sub_category
        )
    ).all()


def source_titles(session: Session, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id -> (kind, title) of the notes and syntheses that syntheses were written from, in
    two reads (not one per source)."""
    if not ids:
        return {}
    found: dict[str, tuple[str, str]] = {}
    notes = select(KnowledgeItem.id, KnowledgeItem.display_title).where(KnowledgeItem.id.in_(ids))
    for id_, title in session.execute(notes):
        found[id_] = ("item", title)
    docs = select(SynthesisDocument.id, SynthesisDocument.title).where(
        SynthesisDocument.id.in_(ids)
    )
    for id_, title in session.execute(docs):
        found[id_] = ("synthesis", title)
    return found


def get_synthesis(session: Session, main: str, sub: str) -> SynthesisDocument | None:
    return session.scalars(
        select(SynthesisDocument).where(
            SynthesisDocument.main_category == main, SynthesisDocument.sub_category == sub
        )
    ).first()


def syntheses_in_main(session: Session, main: str) -> Sequence[SynthesisDocument]:
    return session.scalars(
        select(SynthesisDocument)
        .where(SynthesisDocument.main_category == main)
        .order_by(SynthesisDocument.sub_category)
    ).all()


def analyse(session: Session) -> None:
    """Refresh planner statistics after bulk loads (PostgreSQL)."""
    if dialect(session) == "postgresql":
        session.execute(text("ANALYZE knowledge_chunks"))


@dataclass(frozen=True)
class ResultFields:
    """What a search result shows of an item (no note text: loading 50 notes per search, on
    every keystroke of search as you type, cost more than the search)."""

    id: str
    content_item_id: str
    display_title: str
    summary: str | None
    main_category: str | None
    sub_category: str | None
    tags: list[str] | None
    source_url: str | None
    created_at: datetime
    source_type: str


def result_fields(session: Session, ids: Sequence[str]) -> dict[str, ResultFields]:
    """The items among `ids` that still exist, with what a search result shows of each."""
    rows = session.execute(
        select(
            KnowledgeItem.id,
            KnowledgeItem.content_item_id,
            KnowledgeItem.display_title,
            KnowledgeItem.summary,
            ContentItem.main_category,
            ContentItem.sub_category,
            KnowledgeItem.tags,
            KnowledgeItem.source_url,
            KnowledgeItem.created_at,
            ContentItem.source_type,
        )
        .join(ContentItem, ContentItem.id == KnowledgeItem.content_item_id)
        .where(KnowledgeItem.id.in_(ids))
    ).all()
    return {
        row.id: ResultFields(
            id=row.id,
            content_item_id=row.content_item_id,
            display_title=row.display_title,
            summary=row.summary,
            main_category=row.main_category,
            sub_category=row.sub_category,
            tags=row.tags,
            source_url=row.source_url,
            created_at=row.created_at,
            source_type=row.source_type,
        )
        for row in rows
    }


def chunk_texts(session: Session, item_ids: Sequence[str]) -> dict[tuple[str, int], str]:
    """Every chunk's text of these items, by (item id, chunk index)."""
    rows = session.execute(
        select(
            KnowledgeChunk.knowledge_item_id, KnowledgeChunk.chunk_index, KnowledgeChunk.text
        ).where(KnowledgeChunk.knowledge_item_id.in_(item_ids))
    )
    return {(item_id, index): text for item_id, index, text in rows}
