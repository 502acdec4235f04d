from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.postgres import PostgresServer, create_database

from kbagent.config import Settings
from kbagent.db import Database, open_database

_made = iter(range(1_000_000))


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.resolved_database_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def legacy_url(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the earlier tool's database goes: a SQLite file in the project's `instance/`
    (its default) alongside kbagent on SQLite, a PostgreSQL database alongside PostgreSQL."""
    if db_kind == "sqlite":
        path = tmp_path / "project" / "instance" / "knowledge_base.db"
        path.parent.mkdir(parents=True)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return create_database(server, f"legacy_{next(_made)}")
