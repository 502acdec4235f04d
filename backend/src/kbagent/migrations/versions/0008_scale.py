"""The embedding space on record; an index on item_phases' run id.

`search_state` records the model and dimension of the stored vectors (see
knowledge/embedding_space.py). The backfill takes them from the rows: a database whose rows
name more than one model is recorded as such, so search stops comparing them until the
knowledge base is re-embedded. `item_phases.task_id` is what every run status call groups by.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _backfill() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    models = bind.execute(
        sa.text("SELECT model, count(*) FROM embeddings GROUP BY model ORDER BY count(*) DESC")
    ).all()
    if postgres:
        dim = bind.execute(
            sa.text(
                "SELECT atttypmod FROM pg_attribute "
                "WHERE attrelid = 'embeddings'::regclass AND attname = 'embedding'"
            )
        ).scalar()
    else:
        dim = bind.execute(sa.text("SELECT length(embedding) / 4 FROM embeddings LIMIT 1")).scalar()
    model = None
    if len(models) == 1:
        model = str(models[0][0])
    elif models:
        model = f"mixed ({len(models)} models)"
    bind.execute(
        sa.text("UPDATE search_state SET embedding_model = :model, embedding_dim = :dim"),
        {"model": model, "dim": int(dim) if dim is not None and int(dim) > 0 else None},
    )


def upgrade() -> None:
    with op.batch_alter_table("search_state") as batch:
        batch.add_column(sa.Column("embedding_model", sa.String(200), nullable=True))
        batch.add_column(sa.Column("embedding_dim", sa.Integer(), nullable=True))
    _backfill()
    op.create_index("idx_item_phases_task", "item_phases", ["task_id", "phase", "status"])


def downgrade() -> None:
    op.drop_index("idx_item_phases_task", table_name="item_phases")
    with op.batch_alter_table("search_state") as batch:
        batch.drop_column("embedding_dim")
        batch.drop_column("embedding_model")
