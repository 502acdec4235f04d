"""RSS/Atom feed subscriptions (sources/feeds): the feed's URL, its title and site, the
validators of its last answer (ETag, Last-Modified) for conditional GETs, and how the last
refresh went.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kbagent.db import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_subscriptions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("site_url", sa.String(2048), nullable=True),
        sa.Column("etag", sa.String(512), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("items_added", sa.Integer(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("url", name="uq_feed_subscriptions_url"),
    )


def downgrade() -> None:
    op.drop_table("feed_subscriptions")
