"""Host samples for the Monitoring charts over time (kbagent/system/sampler.py).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import UTCDateTime

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_samples",
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("slot", sa.BigInteger, autoincrement=False, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("cpu_percent", sa.Float, nullable=False),
        sa.Column("memory_percent", sa.Float, nullable=False),
        sa.Column("disk_percent", sa.Float, nullable=False),
        sa.Column("gpu_percent", sa.Float, nullable=True),
        sa.Column("queue_depth", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("host", "slot", name="pk_host_samples"),
    )
    op.create_index("idx_host_samples_slot", "host_samples", ["slot"])


def downgrade() -> None:
    op.drop_index("idx_host_samples_slot", table_name="host_samples")
    op.drop_table("host_samples")
