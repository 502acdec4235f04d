"""Knowledge base: item categories/tags/versions, category tree, item history, search chunks.

Full-text search: SQLite gets an FTS5 table over `knowledge_chunks.text` (external content,
kept in sync by triggers); PostgreSQL gets a generated `tsv` column with a GIN index. On
PostgreSQL every non-alphanumeric character is made a separator first, as FTS5's unicode61
tokenizer does: otherwise `json.dumps` or `os.path.join` index as single tokens that word
queries never match (measured: -0.03 nDCG@10 in bench/retrieval.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ITEM_COLUMNS = ("main_category", "sub_category", "tags", "source_url", "version")

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5("
    "text, content='knowledge_chunks', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER knowledge_chunks_ai AFTER INSERT ON knowledge_chunks BEGIN "
    "INSERT INTO knowledge_chunks_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER knowledge_chunks_ad AFTER DELETE ON knowledge_chunks BEGIN "
    "INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER knowledge_chunks_au AFTER UPDATE ON knowledge_chunks BEGIN "
    "INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO knowledge_chunks_fts(rowid, text) VALUES (new.id, new.text); END",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    empty_list = sa.text("'[]'::jsonb") if postgres else sa.text("'[]'")
    op.add_column("knowledge_items", sa.Column("main_category", sa.String(100), nullable=True))
    op.add_column("knowledge_items", sa.Column("sub_category", sa.String(100), nullable=True))
    op.add_column(
        "knowledge_items", sa.Column("tags", JSONType, nullable=False, server_default=empty_list)
    )
    op.add_column("knowledge_items", sa.Column("source_url", sa.String(2048), nullable=True))
    op.add_column(
        "knowledge_items",
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )
    op.create_index(
        "idx_knowledge_items_category", "knowledge_items", ["main_category", "sub_category"]
    )
    op.create_index("idx_knowledge_items_created", "knowledge_items", ["created_at"])

    op.create_table(
        "categories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("main_category", sa.String(100), nullable=False),
        sa.Column("sub_category", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "main_category", "sub_category", name="uq_categories_main_category_sub_category"
        ),
    )
    op.create_table(
        "item_versions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("knowledge_item_id", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(255), nullable=False),
        sa.Column("snapshot", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("idx_item_versions_item", "item_versions", ["knowledge_item_id", "version"])
    op.create_table(
        "knowledge_chunks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "knowledge_item_id",
            sa.String(32),
            sa.ForeignKey(
                "knowledge_items.id",
                ondelete="CASCADE",
                name="fk_knowledge_chunks_knowledge_item_id_knowledge_items",
            ),
            nullable=False,
        ),
        sa.Column("chunk_index", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("token_count", sa.Integer(), nullable=False),
    )
    op.create_index(
        "idx_knowledge_chunks_item", "knowledge_chunks", ["knowledge_item_id", "chunk_index"]
    )
    op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("generation", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO search_state (id, generation) VALUES (1, 0)")
    if postgres:
        op.execute(
            "ALTER TABLE knowledge_chunks ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', "
            "regexp_replace(text, '[^[:alnum:]]+', ' ', 'g'))) STORED"
        )
        op.execute("CREATE INDEX idx_knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv)")
    else:
        for statement in _SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS knowledge_chunks_fts")
    for table in ("search_state", "knowledge_chunks", "item_versions", "categories"):
        op.drop_table(table)
    op.drop_index("idx_knowledge_items_created", table_name="knowledge_items")
    op.drop_index("idx_knowledge_items_category", table_name="knowledge_items")
    for column in _ITEM_COLUMNS:
        # Plain DROP COLUMN on both databases (SQLite >= 3.35): no table rebuild, so rows
        # referencing knowledge_items are untouched.
        op.execute(f"ALTER TABLE knowledge_items DROP COLUMN {column}")
