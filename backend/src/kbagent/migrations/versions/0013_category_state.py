"""A stamp that moves whenever categorisation digests or item categories change.

Categorising one item compared it with the centroids of every category and the key-term
frequencies of every filed item, both recomputed from all stored digests per item: O(items)
per item, 100k digest rows at 100k items. They are now kept in memory per process
(knowledge/centroids.py) and valid while this stamp has not moved; the categorise phase
applies its own change to them. Triggers move the stamp on any path that changes a digest or
an item's category (services, cascades from deleted items, category renames and merges).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BUMP = "UPDATE category_state SET generation = generation + 1"
_SQLITE = {
    "digest_insert": "AFTER INSERT ON item_digests",
    "digest_update": "AFTER UPDATE ON item_digests",
    "digest_delete": "AFTER DELETE ON item_digests",
    "category_update": "AFTER UPDATE OF main_category, sub_category ON content_items",
}
_POSTGRES = {
    "digest_change": "AFTER INSERT OR UPDATE OR DELETE ON item_digests",
    "category_update": "AFTER UPDATE OF main_category, sub_category ON content_items",
}


def upgrade() -> None:
    op.create_table(
        "category_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("generation", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO category_state (id, generation) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for name, when in _SQLITE.items():
            op.execute(f"CREATE TRIGGER category_state_{name} {when} BEGIN {_BUMP}; END")
        return
    op.execute(
        "CREATE FUNCTION category_state_bump() RETURNS trigger AS $$ "
        f"BEGIN {_BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for name, when in _POSTGRES.items():
        op.execute(
            f"CREATE TRIGGER category_state_{name} {when} "
            "FOR EACH STATEMENT EXECUTE FUNCTION category_state_bump()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE:
            op.execute(f"DROP TRIGGER IF EXISTS category_state_{name}")
    else:
        for name, when in _POSTGRES.items():
            table = when.rsplit(" ", 1)[1]
            op.execute(f"DROP TRIGGER IF EXISTS category_state_{name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS category_state_bump()")
    op.drop_table("category_state")
