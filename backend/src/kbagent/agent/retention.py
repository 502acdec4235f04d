"""Pruning: run events, AI usage records and item versions kept within the retention settings.

Runs after every finished run and from `kbagent prune`. What stays is what users read: the
event logs of the latest `KBAGENT_RETAIN_RUNS` runs (a run's own row, with its counts, is
never pruned), usage records younger than `KBAGENT_RETAIN_USAGE_DAYS`, and per item its first
version and latest `KBAGENT_RETAIN_ITEM_VERSIONS`. Deletes go in small batches, each its own
transaction, so SQLite's write lock is never held for long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from kbagent.agent import repository
from kbagent.ai import repository as ai_repository
from kbagent.config import Settings
from kbagent.db import Database, utcnow
from kbagent.knowledge import repository as kb_repository

BATCH = 2000
log = logging.getLogger("kbagent.agent")


@dataclass(frozen=True)
class PruneReport:
    run_events: int
    ai_usage: int
    item_versions: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _in_batches(database: Database, delete_batch: Callable[[Session], int]) -> int:
    total = 0
    while True:
        with database.writer() as session:
            deleted = delete_batch(session)
            session.commit()
        total += deleted
        if deleted < BATCH:
            return total


def prune(database: Database, settings: Settings) -> PruneReport:
    now = utcnow()
    event_cutoff = now - timedelta(days=settings.retain_event_days)
    usage_cutoff = now - timedelta(days=settings.retain_usage_days)
    return PruneReport(
        run_events=_in_batches(
            database,
            lambda s: repository.delete_old_events(s, settings.retain_runs, event_cutoff, BATCH),
        ),
        ai_usage=_in_batches(
            database, lambda s: ai_repository.delete_usage_before(s, usage_cutoff, BATCH)
        ),
        item_versions=_in_batches(
            database,
            lambda s: kb_repository.delete_old_versions(s, settings.retain_item_versions, BATCH),
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
