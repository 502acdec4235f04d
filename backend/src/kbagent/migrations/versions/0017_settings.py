"""Settings changed through the API: overrides over the environment, and a version stamp
every process compares with the one it loaded (kbagent/settings/live.py).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting_overrides",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", JSONType, nullable=True),
        sa.Column("sealed", sa.Text, nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_setting_overrides"),
    )
    op.create_table(
        "settings_state",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_settings_state"),
    )
    op.execute("INSERT INTO settings_state (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("settings_state")
    op.drop_table("setting_overrides")
