"""A log of the knowledge items whose vectors changed, written by SQLite triggers.

SQLite's vector search holds every vector in one matrix per process. It was reloaded whole
(100k rows) whenever `search_state.generation` moved, that is after every write of chunks or
vectors: under a pipeline run every search reloaded it. The triggers log the item of every
inserted, updated or deleted `embeddings` row (whatever path wrote it: a service, a cascade
from a deleted content item, a bulk load), so a cached matrix replaces only those items' rows.
PostgreSQL searches with pgvector and keeps no matrix: the table exists there (one schema)
but nothing writes it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_EVENTS = {
    "insert": "AFTER INSERT ON embeddings BEGIN "
    "INSERT INTO vector_changes (knowledge_item_id) VALUES (NEW.knowledge_item_id); END",
    "delete": "AFTER DELETE ON embeddings BEGIN "
    "INSERT INTO vector_changes (knowledge_item_id) VALUES (OLD.knowledge_item_id); END",
    "update": "AFTER UPDATE ON embeddings BEGIN "
    "INSERT INTO vector_changes (knowledge_item_id) VALUES (OLD.knowledge_item_id); "
    "INSERT INTO vector_changes (knowledge_item_id) VALUES (NEW.knowledge_item_id); END",
}


def upgrade() -> None:
    op.create_table(
        "vector_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("knowledge_item_id", sa.String(32), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for name, body in _EVENTS.items():
            op.execute(f"CREATE TRIGGER embeddings_logged_{name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS embeddings_logged_{name}")
    op.drop_table("vector_changes")
