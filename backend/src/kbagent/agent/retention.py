"""Pruning: run events, AI usage records and item versions kept within the retention settings.

Runs after every finished run and from `kbagent prune`. What stays is what users read: the
event logs of the latest `KBAGENT_RETAIN_RUNS` runs (a run's own row, with its counts, is
never pruned), usage records younger than `KBAGENT_RETAIN_USAGE_DAYS`, and per item its first
version and latest `KBAGENT_RETAIN_ITEM_VERSIONS`.

What to delete is found by reads (no lock), then deleted by primary key in small write
transactions, so SQLite's one write lock is held for milliseconds at a time, never for the
whole prune (bench/retention.py measures both).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from kbagent.agent import repository
from kbagent.ai import repository as ai_repository
from kbagent.config import Settings
from kbagent.db import Database, utcnow
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge.search import repository as search_repository

FIND_BATCH = 20_000
DELETE_BATCH = 1000  # rows per write transaction
VECTOR_CHANGES_KEPT = 10_000  # a search cache further behind reloads its matrix whole
Id = TypeVar("Id", int, str)
log = logging.getLogger("kbagent.agent")


@dataclass(frozen=True)
class PruneReport:
    run_events: int
    ai_usage: int
    item_versions: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _in_batches(
    database: Database,
    find: Callable[[Session, int], list[Id]],
    remove: Callable[[Session, list[Id]], int],
) -> int:
    total = 0
    while True:
        with database.reader() as session:
            ids = find(session, FIND_BATCH)
        deleted = 0
        for start in range(0, len(ids), DELETE_BATCH):
            with database.writer() as session:
                deleted += remove(session, ids[start : start + DELETE_BATCH])
                session.commit()
        total += deleted
        if len(ids) < FIND_BATCH or deleted == 0:
            return total


def prune_vector_changes(database: Database) -> int:
    """The vector change log (knowledge/search/vectors.py) down to its newest entries."""
    total = 0
    while True:
        with database.writer() as session:
            deleted = search_repository.prune_vector_changes(
                session, VECTOR_CHANGES_KEPT, DELETE_BATCH * 5
            )
            session.commit()
        total += deleted
        if deleted == 0:
            return total


def prune(database: Database, settings: Settings) -> PruneReport:
    prune_vector_changes(database)
    now = utcnow()
    event_cutoff = now - timedelta(days=settings.retain_event_days)
    usage_cutoff = now - timedelta(days=settings.retain_usage_days)
    return PruneReport(
        run_events=_in_batches(
            database,
            lambda s, n: repository.old_event_ids(s, settings.retain_runs, event_cutoff, n),
            repository.delete_events,
        ),
        ai_usage=_in_batches(
            database,
            lambda s, n: ai_repository.usage_ids_before(s, usage_cutoff, n),
            ai_repository.delete_usage,
        ),
        item_versions=_in_batches(
            database,
            lambda s, n: kb_repository.old_version_ids(s, settings.retain_item_versions, n),
            kb_repository.delete_versions,
        ),
    )


def prune_after_run(database: Database, settings: Settings) -> None:
    """Pruning at the end of a run: a failure is logged, never the run's."""
    try:
        report = prune(database, settings)
    except Exception:
        log.warning("pruning after the run failed", exc_info=True)
        return
    if any(report.as_dict().values()):
        log.info("pruned %s", report.as_dict())
