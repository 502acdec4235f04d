"""Alembic builds the same schema on both databases, and goes down and up again cleanly."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from harness.postgres import PostgresServer, create_database
from sqlalchemy import inspect

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import JSONType, UTCDateTime, make_engine, utcnow
from kbagent.errors import ServiceUnavailable
from kbagent.models import Base

DESIGN_TABLES = {
    "content_items",
    "knowledge_items",
    "embeddings",
    "synthesis_documents",
    "tasks",
    "chat_sessions",
    "chat_messages",
    "categories",
    "item_versions",
    "knowledge_chunks",
    "search_state",
    "source_credentials",
    "oauth_states",
}
TABLES = set(Base.metadata.tables)
# Full-text index structures that are not ORM tables: SQLite's FTS5 table and its shadow
# tables, PostgreSQL's generated tsvector column.
FTS_TABLES = {f"knowledge_chunks_fts{s}" for s in ("", "_data", "_idx", "_docsize", "_config")}
DATABASE_ONLY_COLUMNS = {"knowledge_chunks": {"tsv"}}


@pytest.fixture
def empty_settings(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if db_kind == "sqlite":
        return load_settings(data_dir=tmp_path)
    server: PostgresServer = request.getfixturevalue("postgres")
    url = create_database(server, f"kb_mig_{tmp_path.name[-20:].replace('-', '_')}")
    return load_settings(data_dir=tmp_path, database_url=url)


def _tables(settings: Settings) -> set[str]:
    engine = make_engine(settings.resolved_database_url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"} - FTS_TABLES
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_settings: Settings) -> None:
    assert DESIGN_TABLES <= TABLES
    migrations.upgrade(empty_settings)
    assert _tables(empty_settings) == TABLES
    migrations.downgrade(empty_settings)
    assert _tables(empty_settings) == set()
    migrations.upgrade(empty_settings)
    assert _tables(empty_settings) == TABLES


def test_migrated_schema_matches_models(empty_settings: Settings) -> None:
    migrations.upgrade(empty_settings)
    engine = make_engine(empty_settings.resolved_database_url)
    try:
        inspector = inspect(engine)
        for table in Base.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            migrated -= DATABASE_ONLY_COLUMNS.get(table.name, set())
            assert migrated == set(table.columns.keys()), table.name
        uniques = inspector.get_unique_constraints("content_items")
        assert any(set(u["column_names"]) == {"source_type", "source_id"} for u in uniques)
        indexes = {i["name"] for i in inspector.get_indexes("content_items")}
        assert {"idx_content_items_category", "idx_content_items_processing"} <= indexes
    finally:
        engine.dispose()


def test_postgres_uses_pgvector_with_hnsw(postgres: PostgresServer, tmp_path: Path) -> None:
    url = create_database(postgres, "kb_vector_check")
    migrations.upgrade(load_settings(data_dir=tmp_path, database_url=url, embedding_dim=1536))
    with psycopg.connect(url) as conn:
        column_type = conn.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'embeddings'::regclass AND attname = 'embedding'"
        ).fetchone()
        index = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_embeddings_vector'"
        ).fetchone()
        raw_type = conn.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'content_items' AND column_name = 'raw_data'"
        ).fetchone()
    assert column_type == ("vector(1536)",)
    assert index is not None and "hnsw" in index[0] and "vector_cosine_ops" in index[0]
    assert raw_type == ("jsonb",)


def test_missing_pgvector_is_a_clear_error(postgres: PostgresServer, tmp_path: Path) -> None:
    # PostgreSQL 18 finds extensions through extension_control_path; pointing one database at
    # an empty folder makes pgvector unavailable there, as on a server without the package.
    url = create_database(postgres, "kb_no_vector")
    empty = tmp_path / "no-extensions"
    empty.mkdir()
    for folder in (empty, *empty.parents):  # the server runs as another user
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o055)
    with psycopg.connect(postgres.admin_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE kb_no_vector SET extension_control_path = '{empty}'")
    with pytest.raises(ServiceUnavailable, match="no pgvector extension"):
        migrations.upgrade(load_settings(data_dir=tmp_path, database_url=url))


def test_unreachable_postgres_is_a_clear_error(tmp_path: Path) -> None:
    from harness.ports import free_port

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/x"
    with pytest.raises(ServiceUnavailable, match="Cannot connect to PostgreSQL"):
        migrations.upgrade(load_settings(data_dir=tmp_path, database_url=url))


def test_0010_drops_unwritten_columns_and_maps_failed_runs(empty_settings: Settings) -> None:
    """Stored rows survive 0010 both ways: a `failed` run (a status nothing sets any more)
    becomes `completed_with_failures`, and the dropped columns come back empty on downgrade."""
    migrations.upgrade(empty_settings, "0009")
    now = utcnow()
    content = sa.table(
        "content_items",
        *(sa.column(c) for c in ("id", "source_type", "source_id", "title", "content")),
        sa.column("processing_state"),
        *(sa.column(c, JSONType) for c in ("tags", "media_files", "generated_files")),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )
    tasks = sa.table(
        "tasks",
        *(sa.column(c) for c in ("id", "task_type", "status", "progress_percentage")),
        sa.column("created_at", UTCDateTime()),
    )
    engine = make_engine(empty_settings.resolved_database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                content.insert().values(
                    id="c1",
                    source_type="url",
                    source_id="u",
                    title="t",
                    content="x",
                    processing_state="pending",
                    tags=[],
                    media_files=[],
                    generated_files=[],
                    created_at=now,
                    updated_at=now,
                )
            )
            conn.execute(
                tasks.insert(),
                [
                    {
                        "id": "r1",
                        "task_type": "agent",
                        "status": "failed",
                        "progress_percentage": 0,
                        "created_at": now,
                    },
                    {
                        "id": "r2",
                        "task_type": "agent",
                        "status": "cancelled",
                        "progress_percentage": 0,
                        "created_at": now,
                    },
                ],
            )
        migrations.upgrade(empty_settings)
        inspector = inspect(engine)
        assert "generated_files" not in {c["name"] for c in inspector.get_columns("content_items")}
        assert "markdown_path" not in {c["name"] for c in inspector.get_columns("knowledge_items")}
        with engine.connect() as conn:
            statuses = dict(conn.execute(sa.text("SELECT id, status FROM tasks ORDER BY id")).all())
        assert statuses == {"r1": "completed_with_failures", "r2": "cancelled"}

        migrations.downgrade(empty_settings, "0009")
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(content.c.generated_files).where(content.c.id == "c1")
            ).one()
        assert row.generated_files == []
    finally:
        engine.dispose()


def test_category_moves_onto_the_content_item_and_back(empty_settings: Settings) -> None:
    """0011: the knowledge item's category (the one renames moved) becomes the content
    item's, with its chunks kept; the downgrade restores the knowledge item's copy."""
    from sqlalchemy import text

    migrations.upgrade(empty_settings, "0009")
    engine = make_engine(empty_settings.resolved_database_url)
    now = "2026-01-01 00:00:00.000000"
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO content_items (id, source_type, source_id, title, content,"
                    " processing_state, tags, media_files, generated_files, main_category,"
                    " sub_category, created_at, updated_at) VALUES ('c1', 'manual', '1', 't',"
                    " 'c', 'processed', '[]', '[]', '[]', 'old', 'stale', :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO knowledge_items (id, content_item_id, display_title,"
                    " enhanced_content, media_paths, tags, version, main_category, sub_category,"
                    " created_at, updated_at) VALUES ('k1', 'c1', 't', 'c', '[]', '[]', 1,"
                    " 'renamed', 'moved', :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO knowledge_chunks (knowledge_item_id, chunk_index, text,"
                    " token_count) VALUES ('k1', 0, 'c', 1)"
                )
            )
        migrations.upgrade(empty_settings)
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT main_category, sub_category FROM content_items WHERE id = 'c1'")
            ).one()
            assert tuple(row) == ("renamed", "moved")
            # The knowledge item's table was altered in place: nothing cascaded from it.
            assert conn.execute(text("SELECT count(*) FROM knowledge_chunks")).scalar() == 1
            columns = {c["name"] for c in inspect(conn).get_columns("knowledge_items")}
            assert "main_category" not in columns
        migrations.downgrade(empty_settings, "0009")
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT main_category, sub_category FROM knowledge_items WHERE id = 'k1'")
            ).one()
            assert tuple(row) == ("renamed", "moved")
    finally:
        engine.dispose()


def test_items_take_their_model_from_the_generate_phase(empty_settings: Settings) -> None:
    """0015: a knowledge item records the model that wrote it, taken for existing items from
    their `generate` phase (a failed or other phase names no writer); chunks are kept."""
    from sqlalchemy import text

    migrations.upgrade(empty_settings, "0014")
    engine = make_engine(empty_settings.resolved_database_url)
    now = "2026-01-01 00:00:00.000000"
    try:
        with engine.begin() as conn:
            for n in ("1", "2"):
                conn.execute(
                    text(
                        "INSERT INTO content_items (id, source_type, source_id, title, content,"
                        " processing_state, tags, media_files, created_at, updated_at) VALUES"
                        " (:c, 'manual', :c, 't', 'c', 'processed', '[]', '[]', :now, :now)"
                    ),
                    {"c": f"c{n}", "now": now},
                )
                conn.execute(
                    text(
                        "INSERT INTO knowledge_items (id, content_item_id, display_title,"
                        " enhanced_content, media_paths, tags, version, created_at, updated_at)"
                        " VALUES (:k, :c, 't', 'c', '[]', '[]', 1, :now, :now)"
                    ),
                    {"k": f"k{n}", "c": f"c{n}", "now": now},
                )
            phases = [("c1", "generate", "done", "writer-7b"), ("c1", "media", "done", "eyes"),
                      ("c2", "generate", "failed", "broken")]  # fmt: skip
            for content_id, phase, status, model in phases:
                conn.execute(
                    text(
                        "INSERT INTO item_phases (content_item_id, phase, status, attempts, model,"
                        " updated_at) VALUES (:c, :p, :s, 1, :m, :now)"
                    ),
                    {"c": content_id, "p": phase, "s": status, "m": model, "now": now},
                )
            conn.execute(
                text(
                    "INSERT INTO knowledge_chunks (knowledge_item_id, chunk_index, text,"
                    " token_count) VALUES ('k1', 0, 'c', 1)"
                )
            )
        migrations.upgrade(empty_settings)
        with engine.connect() as conn:
            models = dict(conn.execute(text("SELECT id, model FROM knowledge_items")).all())
            assert models == {"k1": "writer-7b", "k2": None}
            assert conn.execute(text("SELECT count(*) FROM knowledge_chunks")).scalar() == 1
        migrations.downgrade(empty_settings, "0014")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("knowledge_items")}
            assert "model" not in columns
            # Dropped in place: the item's chunks did not cascade away with a recreated table.
            assert conn.execute(text("SELECT count(*) FROM knowledge_chunks")).scalar() == 1
    finally:
        engine.dispose()
