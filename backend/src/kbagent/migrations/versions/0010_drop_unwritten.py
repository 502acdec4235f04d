"""Drop columns no code path ever wrote, and the run status no code path ever set.

`content_items.processed_at`, `content_items.generated_files` and `knowledge_items.markdown_path`
were created by 0001 and never written (always null / empty). Runs end `completed`,
`completed_with_failures`, `cancelled` or `stalled`; a `failed` run can only come from a
database written by hand or by a much older build, so it is mapped to the status that means
"over, not a success": `completed_with_failures`.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE tasks SET status = 'completed_with_failures' WHERE status = 'failed'")
    # In place (SQLite 3.35+ drops a plain column natively): batch mode's default rebuild drops
    # the old table, and with foreign keys on that cascades into items, chunks and embeddings.
    with op.batch_alter_table("content_items", recreate="never") as batch:
        batch.drop_column("processed_at")
        batch.drop_column("generated_files")
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.drop_column("markdown_path")


def downgrade() -> None:
    # The dropped columns held nothing, so they come back empty; a mapped `failed` run stays
    # `completed_with_failures`, a status the older schema knows as well.
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.add_column(sa.Column("markdown_path", sa.String(1024), nullable=True))
    with op.batch_alter_table("content_items", recreate="never") as batch:
        batch.add_column(
            sa.Column("generated_files", JSONType, nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(sa.Column("processed_at", UTCDateTime(), nullable=True))
