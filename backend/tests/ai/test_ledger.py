"""Usage records of calls outside a run are queued in memory and written in bulk; closing the
database writes what is queued, so a server's shutdown loses none (nor writes them later to a
database that is gone)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kbagent.ai import ledger as ledgers
from kbagent.ai.ledger import Ledger
from kbagent.ai.models import AIUsage
from kbagent.ai.routing import UsageRecord
from kbagent.config import Settings
from kbagent.db import open_database


def _search_embedding(n: int) -> UsageRecord:
    return UsageRecord(None, "embeddings", "embed", "fake:embed", n, 0, 1.0, None, True)


def _count(settings: Settings) -> int:
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            return int(session.scalar(select(func.count()).select_from(AIUsage)) or 0)
    finally:
        database.dispose()


def test_queued_usage_is_written_when_the_database_closes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledgers, "FLUSH_SECONDS", 3600.0)  # only closing writes them here
    database = open_database(settings.resolved_database_url)
    ledger = Ledger(database)
    for n in range(3):
        ledger(_search_embedding(n))
    assert _count(settings) == 0  # queued: no write transaction per search
    database.dispose()
    assert _count(settings) == 3
    ledger.flush()  # at exit: nothing left to write twice
    assert _count(settings) == 3
