"""Model calls accounted to the item they were made for (the per-item pipeline view).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Adding a nullable column is in place on both databases (no SQLite table rebuild).
    op.add_column("ai_usage", sa.Column("item_id", sa.String(32), nullable=True))
    op.create_index("idx_ai_usage_item", "ai_usage", ["item_id"])


def downgrade() -> None:
    op.drop_index("idx_ai_usage_item", table_name="ai_usage")
    with op.batch_alter_table("ai_usage", recreate="never") as batch:
        batch.drop_column("item_id")
