"""Categorisation by embeddings: item digests; categories remember who made them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_digests",
        sa.Column(
            "content_item_id",
            sa.String(32),
            sa.ForeignKey(
                "content_items.id",
                ondelete="CASCADE",
                name="fk_item_digests_content_item_id_content_items",
            ),
            primary_key=True,
        ),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("terms", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("categories") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), nullable=False, server_default="auto"))


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("origin")
    op.drop_table("item_digests")
