from __future__ import annotations

from alembic import context

from kbagent.db import make_engine
from kbagent.models import Base

config = context.config
# A caller's connection (a restore runs the migrations inside its own transaction, which it
# commits or rolls back as a whole); otherwise an engine of our own, committed here.
given = config.attributes.get("connection")
if given is not None:
    context.configure(
        connection=given,
        target_metadata=Base.metadata,
        render_as_batch=given.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(config.attributes["database_url"])
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=connection.dialect.name == "sqlite",
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        engine.dispose()
