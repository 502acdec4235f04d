"""An item's category is stored once, on its content item.

Knowledge items kept a copy of it that category renames, merges and moves updated while the
content item kept the old one. The knowledge item's category (the one those operations moved)
is copied onto its content item, and the knowledge item's columns are dropped; the ORM reads
the category through the content item. Downgrade restores the copy.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_KB = sa.table(
    "knowledge_items",
    sa.column("content_item_id", sa.String),
    sa.column("main_category", sa.String),
    sa.column("sub_category", sa.String),
)
_CONTENT = sa.table(
    "content_items",
    sa.column("id", sa.String),
    sa.column("main_category", sa.String),
    sa.column("sub_category", sa.String),
)


def _from(source: sa.TableClause, source_key: str, target: sa.TableClause, key: str) -> None:
    """Copy the category columns from `source` onto the matching rows of `target`."""
    match = source.c[source_key] == target.c[key]
    main = sa.select(source.c.main_category).where(match).scalar_subquery()
    sub = sa.select(source.c.sub_category).where(match).scalar_subquery()
    op.execute(
        target.update()
        .where(sa.exists(sa.select(source.c[source_key]).where(match)))
        .values(main_category=main, sub_category=sub)
    )


def upgrade() -> None:
    _from(_KB, "content_item_id", _CONTENT, "id")
    op.drop_index("idx_knowledge_items_category", table_name="knowledge_items")
    # In place (SQLite 3.35+ drops a column natively): recreating the table would cascade the
    # drop of the old one into its embeddings, chunks and versions.
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.drop_column("sub_category")
        batch.drop_column("main_category")


def downgrade() -> None:
    with op.batch_alter_table("knowledge_items", recreate="never") as batch:
        batch.add_column(sa.Column("main_category", sa.String(100), nullable=True))
        batch.add_column(sa.Column("sub_category", sa.String(100), nullable=True))
    op.create_index(
        "idx_knowledge_items_category", "knowledge_items", ["main_category", "sub_category"]
    )
    _from(_CONTENT, "id", _KB, "content_item_id")
