"""Legacy migration runs and the records each brought in (`kbagent migrate-legacy`).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "legacy_runs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("options", JSONType, nullable=False),
        sa.Column("progress", JSONType, nullable=False),
        sa.Column("report", JSONType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "legacy_records",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "run_id",
            sa.String(32),
            sa.ForeignKey(
                "legacy_runs.id", ondelete="CASCADE", name="fk_legacy_records_run_id_legacy_runs"
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("legacy_key", sa.String(512), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("targets", JSONType, nullable=False),
        sa.Column("updated_run_id", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("kind", "legacy_key", name="uq_legacy_records_kind_legacy_key"),
    )
    op.create_index("idx_legacy_records_run", "legacy_records", ["run_id"])


def downgrade() -> None:
    op.drop_index("idx_legacy_records_run", table_name="legacy_records")
    op.drop_table("legacy_records")
    op.drop_table("legacy_runs")
