"""The design's schema: content, knowledge items, embeddings, syntheses, tasks, chat.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from kbagent.db import JSONType, UTCDateTime
from kbagent.knowledge.vector_column import Vector

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps(*names: str, nullable: bool = False) -> list[sa.Column[object]]:
    return [sa.Column(name, UTCDateTime(), nullable=nullable) for name in names]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    dim = int(context.config.attributes.get("embedding_dim", 384))
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")

    op.create_table(
        "content_items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source_type", sa.String(32), nullable=False),
        sa.Column("source_id", sa.String(512), nullable=False),
        sa.Column("title", sa.String(1024), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("raw_data", JSONType, nullable=True),
        sa.Column("processing_state", sa.String(32), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.Column("main_category", sa.String(100), nullable=True),
        sa.Column("sub_category", sa.String(100), nullable=True),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("media_files", JSONType, nullable=False),
        sa.Column("generated_files", JSONType, nullable=False),
        *_timestamps("created_at", "updated_at"),
        sa.UniqueConstraint(
            "source_type", "source_id", name="uq_content_items_source_type_source_id"
        ),
    )
    op.create_index(
        "idx_content_items_category", "content_items", ["main_category", "sub_category"]
    )
    op.create_index("idx_content_items_processing", "content_items", ["processing_state"])
    op.create_index("idx_content_items_created", "content_items", ["created_at"])

    op.create_table(
        "knowledge_items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "content_item_id",
            sa.String(32),
            sa.ForeignKey(
                "content_items.id",
                ondelete="CASCADE",
                name="fk_knowledge_items_content_item_id_content_items",
            ),
            nullable=False,
        ),
        sa.Column("display_title", sa.String(1024), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("enhanced_content", sa.Text(), nullable=False),
        sa.Column("markdown_path", sa.String(1024), nullable=True),
        sa.Column("media_paths", JSONType, nullable=False),
        *_timestamps("created_at", "updated_at"),
        sa.UniqueConstraint("content_item_id", name="uq_knowledge_items_content_item_id"),
    )

    op.create_table(
        "embeddings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "knowledge_item_id",
            sa.String(32),
            sa.ForeignKey(
                "knowledge_items.id",
                ondelete="CASCADE",
                name="fk_embeddings_knowledge_item_id_knowledge_items",
            ),
            nullable=False,
        ),
        sa.Column("embedding", Vector(dim), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("chunk_index", sa.Integer(), nullable=False),
        *_timestamps("created_at"),
    )
    op.create_index("idx_embeddings_item", "embeddings", ["knowledge_item_id", "chunk_index"])
    if postgres:
        op.execute(
            "CREATE INDEX idx_embeddings_vector ON embeddings "
            "USING hnsw (embedding vector_cosine_ops)"
        )

    op.create_table(
        "synthesis_documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("main_category", sa.String(100), nullable=False),
        sa.Column("sub_category", sa.String(100), nullable=False),
        sa.Column("title", sa.String(1024), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("source_item_ids", JSONType, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("is_stale", sa.Boolean(), nullable=False),
        *_timestamps("created_at", "updated_at"),
        sa.UniqueConstraint(
            "main_category",
            "sub_category",
            name="uq_synthesis_documents_main_category_sub_category",
        ),
    )

    op.create_table(
        "tasks",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("task_type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("config", JSONType, nullable=True),
        sa.Column("current_phase", sa.String(64), nullable=True),
        sa.Column("progress_percentage", sa.Integer(), nullable=False),
        sa.Column("result_data", JSONType, nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        *_timestamps("created_at"),
        *_timestamps("started_at", "completed_at", nullable=True),
    )
    op.create_index("idx_tasks_status", "tasks", ["status", "created_at"])

    op.create_table(
        "chat_sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(1024), nullable=True),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.Column("is_archived", sa.Boolean(), nullable=False),
        *_timestamps("created_at", "last_updated"),
    )
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "session_id",
            sa.String(32),
            sa.ForeignKey(
                "chat_sessions.id",
                ondelete="CASCADE",
                name="fk_chat_messages_session_id_chat_sessions",
            ),
            nullable=False,
        ),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("model_used", sa.String(200), nullable=True),
        sa.Column("sources", JSONType, nullable=False),
        sa.Column("context_stats", JSONType, nullable=True),
        *_timestamps("created_at"),
    )
    op.create_index("idx_chat_messages_session", "chat_messages", ["session_id", "created_at"])


def downgrade() -> None:
    for table in (
        "chat_messages",
        "chat_sessions",
        "tasks",
        "synthesis_documents",
        "embeddings",
        "knowledge_items",
        "content_items",
    ):
        op.drop_table(table)
