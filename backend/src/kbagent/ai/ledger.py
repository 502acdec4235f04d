"""Where a model call's usage record is written, without a write transaction per call.

- Inside `collecting()` (the run engine, around a batch of items): into the batch's list, which
  the engine writes with the batch's own transaction (`write`).
- A call outside any run that is not a chat (a search query's embedding, a settings check):
  queued in memory and written in bulk, when QUEUE_LIMIT wait or FLUSH_SECONDS after the first.
- Otherwise (a chat answer, a run's call outside a batch): written at once, with the queue.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import Iterator, Sequence
from contextvars import ContextVar

from sqlalchemy.orm import Session

from kbagent.ai import repository
from kbagent.ai.routing import UsageRecord
from kbagent.db import Database

QUEUE_LIMIT = 200
FLUSH_SECONDS = 2.0
log = logging.getLogger(__name__)

_collected: ContextVar[list[UsageRecord] | None] = ContextVar("kbagent_usage", default=None)


@contextlib.contextmanager
def collecting() -> Iterator[list[UsageRecord]]:
    """Usage records of the calls made inside (on this thread, or threads given a copy of its
    context) go to the yielded list instead of the database."""
    records: list[UsageRecord] = []
    token = _collected.set(records)
    try:
        yield records
    finally:
        _collected.reset(token)


def write(session: Session, records: Sequence[UsageRecord]) -> None:
    """Add collected records to the caller's transaction."""
    repository.add_all(session, records)


class Ledger:
    """A database's usage recorder (see the module's docstring)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._queue: list[UsageRecord] = []
        self._timer: threading.Timer | None = None
        database.closing.append(self.flush)  # the server's shutdown disposes the database
        atexit.register(self.flush)  # a process that ends without disposing it

    def __call__(self, usage: UsageRecord) -> None:
        collected = _collected.get()
        if collected is not None:
            collected.append(usage)
            return
        if usage.run_id is None and usage.phase != "chat":
            with self._lock:
                self._queue.append(usage)
                due = len(self._queue) >= QUEUE_LIMIT
                if not due and self._timer is None:
                    self._timer = threading.Timer(FLUSH_SECONDS, self.flush)
                    self._timer.daemon = True
                    self._timer.start()
            if due:
                self.flush()
            return
        self._write([usage])

    def flush(self) -> None:
        """Write the queued records now."""
        self._write([])

    def _write(self, records: list[UsageRecord]) -> None:
        with self._lock:
            queued, self._queue = self._queue, []
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        if not queued and not records:
            return
        try:
            with self.database.writer() as session:
                repository.add_all(session, [*queued, *records])
                session.commit()
        except Exception:
            if records:
                raise  # the caller's own record: the caller logs it
            log.warning("could not write %d queued usage records", len(queued), exc_info=True)
