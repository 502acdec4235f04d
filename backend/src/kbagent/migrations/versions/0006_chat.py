"""Chat: message status, error and metrics; a session's chosen model.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_sessions") as batch:
        batch.add_column(sa.Column("model", sa.String(200), nullable=True))
    with op.batch_alter_table("chat_messages") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="complete")
        )
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("metrics", JSONType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_messages") as batch:
        batch.drop_column("metrics")
        batch.drop_column("error")
        batch.drop_column("status")
    with op.batch_alter_table("chat_sessions") as batch:
        batch.drop_column("model")
