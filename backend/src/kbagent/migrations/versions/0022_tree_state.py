"""A stamp that moves whenever the category tree's item counts may change.

The counts (items per category, from content_items joined with knowledge_items) cost ~200 ms
of CPU at 100k items on SQLite, and every auto-synced vault change re-renders the index that
shows them: they are now kept in memory per process (knowledge/tree.py), valid while this
stamp has not moved. Triggers move it on any path that changes a count: a knowledge item
added, removed (also by a cascade from its content item) or re-pointed, and an item's
category changed (services, renames, merges, moves).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_BUMP = "UPDATE tree_state SET generation = generation + 1"
_SQLITE = {
    "item_insert": "AFTER INSERT ON knowledge_items",
    "item_delete": "AFTER DELETE ON knowledge_items",
    "item_update": "AFTER UPDATE OF content_item_id ON knowledge_items",
    "content_delete": "AFTER DELETE ON content_items",
    "category_update": "AFTER UPDATE OF main_category, sub_category ON content_items",
}
_POSTGRES = {
    "item_change": "AFTER INSERT OR DELETE OR UPDATE OF content_item_id ON knowledge_items",
    "content_delete": "AFTER DELETE ON content_items",
    "category_update": "AFTER UPDATE OF main_category, sub_category ON content_items",
}


def upgrade() -> None:
    op.create_table(
        "tree_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("generation", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO tree_state (id, generation) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for name, when in _SQLITE.items():
            op.execute(f"CREATE TRIGGER tree_state_{name} {when} BEGIN {_BUMP}; END")
        return
    op.execute(
        "CREATE FUNCTION tree_state_bump() RETURNS trigger AS $$ "
        f"BEGIN {_BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for name, when in _POSTGRES.items():
        op.execute(
            f"CREATE TRIGGER tree_state_{name} {when} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tree_state_bump()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE:
            op.execute(f"DROP TRIGGER IF EXISTS tree_state_{name}")
    else:
        for name, when in _POSTGRES.items():
            table = when.rsplit(" ", 1)[1]
            op.execute(f"DROP TRIGGER IF EXISTS tree_state_{name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS tree_state_bump()")
    op.drop_table("tree_state")
