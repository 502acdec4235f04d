"""Every SQLite write transaction is timed, with where it began (kbagent.db's lock log).

SQLite alone: PostgreSQL has no database-wide write lock to hold.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge import repository


@pytest.mark.parametrize("db_kind", ["sqlite"])
def test_write_transactions_are_logged_with_their_caller(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    database = open_database(settings.resolved_database_url)
    caplog.set_level(logging.DEBUG, logger="kbagent.db")
    try:
        with database.writer() as session:
            repository.bump_search_generation(session)
            session.commit()
        with database.writer() as session:  # closed without commit: the pool rolls it back
            repository.bump_search_generation(session)
        with database.reader() as session:  # readers take no write lock: not logged
            session.execute(text("SELECT 1")).all()
            session.commit()
    finally:
        database.dispose()
    held = [r.getMessage() for r in caplog.records if r.name == "kbagent.db"]
    assert len(held) == 2, held
    for message in held:
        assert message.startswith("write lock held ")
        assert "by knowledge/repository.py:" in message and "bump_search_generation" in message
