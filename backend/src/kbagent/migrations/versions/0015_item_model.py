"""Knowledge items record the model that wrote their note.

Until now only `item_phases` knew it (the `generate` phase's row); the item view shows it, and
the knowledge domain does not read the pipeline's tables, so the item carries it as the
synthesis documents do (0009). Existing items take it from their `generate` phase.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.add_column(sa.Column("model", sa.String(200), nullable=True))
    op.execute(
        "UPDATE knowledge_items SET model = (SELECT p.model FROM item_phases p"
        " WHERE p.content_item_id = knowledge_items.content_item_id"
        " AND p.phase = 'generate' AND p.status = 'done')"
    )


def downgrade() -> None:
    # In place (SQLite 3.35+ drops a column natively): recreating the table would cascade the
    # delete to its chunks and embeddings (see 0011).
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.drop_column("model")
