"""How every process (API, worker) sees the settings in force without a restart.

`LiveSettings.current()` answers from memory while the last check is younger than
`CHECK_SECONDS`; past it, one indexed read of the version stamp (`settings_state`), and only
when the stamp moved, a reload of the overrides. So a change made through any API process is
in force everywhere within `CHECK_SECONDS`, at the cost of one tiny query per process per
interval while busy, and none while idle.

On an event loop's thread `current()` never touches the database (it would stall every other
request): the API refreshes before each request (`await acurrent()`, in a worker thread), so
the loop reads what that refresh loaded.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from typing import Any

import anyio.to_thread
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.credentials import sealing
from kbagent.credentials.redaction import remember_settings
from kbagent.db import Database
from kbagent.errors import PermissionDenied
from kbagent.settings import repository
from kbagent.settings.catalogue import EDITABLE
from kbagent.settings.merge import tolerant

CHECK_SECONDS = 2.0
log = logging.getLogger(__name__)


def stored_overrides(session: Session, base: Settings) -> dict[str, Any]:
    """The overrides as values (secrets unsealed); unreadable ones are skipped and logged."""
    found: dict[str, Any] = {}
    for row in repository.overrides(session):
        if row.name not in EDITABLE:
            continue  # no longer editable: the environment decides again
        if row.sealed is None:
            found[row.name] = row.value
            continue
        try:
            found[row.name] = sealing.unseal(base, row.sealed)["value"]
        except PermissionDenied:
            log.warning("stored setting %s cannot be decrypted with the current key", row.name)
    return found


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LiveSettings:
    """The environment's settings (`base`) with the database's overrides, kept current."""

    def __init__(
        self, base: Settings, database: Database, check_seconds: float = CHECK_SECONDS
    ) -> None:
        self.base = base
        self.database = database
        self.check_seconds = check_seconds
        self._lock = threading.Lock()
        self._settings = base
        self._version: int | None = None
        self._checked = -math.inf

    def _fresh(self) -> bool:
        return time.monotonic() - self._checked < self.check_seconds

    def current(self) -> Settings:
        if self._fresh() or _on_event_loop():
            return self._settings
        return self.refresh()

    async def acurrent(self) -> Settings:
        if self._fresh():
            return self._settings
        return await anyio.to_thread.run_sync(self.refresh)

    def refresh(self, force: bool = False) -> Settings:
        """Check the stamp now (`force`: even if the last check is recent); reload on a move."""
        with self._lock:
            if self._fresh() and not force:
                return self._settings
            try:
                with self.database.reader() as session:
                    version = repository.version(session)
                    if version != self._version:
                        self._settings = self._load(session)
                        self._version = version
            except (OperationalError, ProgrammingError) as exc:
                # No settings table yet (a database being migrated) or the database is away:
                # the last settings loaded stay in force.
                log.warning("settings not checked: %s", str(exc.orig or exc).splitlines()[0])
            self._checked = time.monotonic()
            return self._settings

    def _load(self, session: Session) -> Settings:
        settings = tolerant(self.base, stored_overrides(session, self.base))
        remember_settings(settings)  # keys and URL passwords set through the API are redacted
        return settings
