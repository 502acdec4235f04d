"""A visible `truncated` flag on content items.

X truncates some texts itself (retweets in the archive end in "RT @user: ..."; long posts whose
full text was not delivered): such an item is kept, flagged, and completed when a richer source
of the same post arrives (sources/merge.py).

Native ALTER TABLE on SQLite (recreate="never"): a table copy would drop the triggers on
content_items and fight open readers for the table.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("content_items", recreate="never") as batch:
        batch.add_column(
            sa.Column("truncated", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("content_items", recreate="never") as batch:
        batch.drop_column("truncated")
