"""Agent runs: per-item phase state, persisted run events/logs, schedules, run liveness.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import JSONType, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("heartbeat_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("phase_stats", JSONType, nullable=False, server_default=sa.text("'{}'"))
        )

    op.create_table(
        "item_phases",
        sa.Column(
            "content_item_id",
            sa.String(32),
            sa.ForeignKey(
                "content_items.id",
                ondelete="CASCADE",
                name="fk_item_phases_content_item_id_content_items",
            ),
            primary_key=True,
        ),
        sa.Column("phase", sa.String(32), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("task_id", sa.String(32), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("idx_item_phases_phase_status", "item_phases", ["phase", "status"])

    op.create_table(
        "run_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.String(32), nullable=True),
        sa.Column("ts", UTCDateTime(), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("data", JSONType, nullable=False),
    )
    op.create_index("idx_run_events_task", "run_events", ["task_id", "id"])
    op.create_index("idx_run_events_ts", "run_events", ["ts"])

    op.create_table(
        "schedules",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("config", JSONType, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=True),
        sa.Column("last_run_at", UTCDateTime(), nullable=True),
        sa.Column("last_task_id", sa.String(32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("name", name="uq_schedules_name"),
    )


def downgrade() -> None:
    op.drop_table("schedules")
    op.drop_table("run_events")
    op.drop_table("item_phases")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("phase_stats")
        batch.drop_column("heartbeat_at")
