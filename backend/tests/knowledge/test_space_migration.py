"""Migration 0007 records the space of vectors stored before it, on both databases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from harness.postgres import PostgresServer, create_database
from sqlalchemy import text

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import JSONType, UTCDateTime, make_engine, new_id, open_database, utcnow
from kbagent.knowledge.models import Embedding


@pytest.fixture
def at_0006(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if db_kind == "sqlite":
        settings = load_settings(data_dir=tmp_path)
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = create_database(server, f"kb_space_{tmp_path.name[-20:].replace('-', '_')}")
        settings = load_settings(data_dir=tmp_path, database_url=url)
    migrations.upgrade(settings, "0006")
    return settings


_CONTENT_0006 = sa.table(
    "content_items",
    *(sa.column(c) for c in ("id", "source_type", "source_id", "title", "content")),
    sa.column("processing_state"),
    *(sa.column(c, JSONType) for c in ("tags", "media_files", "generated_files")),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)


_KNOWLEDGE_0006 = sa.table(
    "knowledge_items",
    *(sa.column(c) for c in ("id", "content_item_id", "display_title", "enhanced_content")),
    sa.column("media_paths", JSONType),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)


def _insert_vectors(settings: Settings, models: list[str]) -> None:
    vector = [1 / np.sqrt(384)] * 384
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            for n, model in enumerate(models):
                # The content item as schema 0006 has it (today's model lacks its columns).
                content_id = new_id()
                session.execute(
                    _CONTENT_0006.insert().values(
                        id=content_id, source_type="manual", source_id=str(n), title="t",
                        content="c", processing_state="pending", tags=[], media_files=[],
                        generated_files=[], created_at=utcnow(), updated_at=utcnow(),
                    )
                )  # fmt: skip
                # So is the knowledge item (today's has columns added since).
                item_id = new_id()
                session.execute(
                    _KNOWLEDGE_0006.insert().values(
                        id=item_id, content_item_id=content_id, display_title="t",
                        enhanced_content="c", media_paths=[], created_at=utcnow(),
                        updated_at=utcnow(),
                    )
                )  # fmt: skip
                session.add(Embedding(knowledge_item_id=item_id, embedding=vector, model=model))
            session.commit()
    finally:
        database.dispose()


def _space(settings: Settings) -> tuple[str | None, int | None]:
    engine = make_engine(settings.resolved_database_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT embedding_model, embedding_dim FROM search_state")
            ).one()
        return row[0], row[1]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("models", "space"),
    [
        (["local:all-minilm-l6-v2"] * 2, ("local:all-minilm-l6-v2", 384)),
        (["local:all-minilm-l6-v2", "all-minilm-l6-v2"], ("mixed (2 models)", 384)),
    ],
)
def test_existing_vectors_keep_their_space(
    at_0006: Settings, models: list[str], space: tuple[str, int]
) -> None:
    _insert_vectors(at_0006, models)
    migrations.upgrade(at_0006)
    assert _space(at_0006) == space


def test_an_empty_index_has_no_model_yet(at_0006: Settings, db_kind: str) -> None:
    migrations.upgrade(at_0006)
    # PostgreSQL's column is typed already (vector(384)); SQLite has no size until a vector.
    assert _space(at_0006) == (None, 384 if db_kind == "postgres" else None)
