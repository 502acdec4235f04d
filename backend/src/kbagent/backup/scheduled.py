"""Scheduled backups: `KBAGENT_BACKUP_CRON`, then the newest `KBAGENT_BACKUP_KEEP` kept.

The backup folder is the schedule's only state: a backup is due when the cron expression has
fired since the newest archive (or since the scheduler started, when there is none yet). Two
schedulers sharing the folder take turns on a lock file in it and look again once they hold it,
so one backup is taken per firing.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from croniter import croniter

from kbagent.backup.archive import create_backup
from kbagent.backup.store import list_backups, prune_backups
from kbagent.config import Settings
from kbagent.db import utcnow

log = logging.getLogger("kbagent.backup")
LOCK_FILE = ".schedule.lock"


def due(settings: Settings, now: datetime, since: datetime) -> bool:
    if not settings.backup_cron:
        return False
    backups = list_backups(settings)
    last = max(backups[0].created_at, since) if backups else since
    fire: datetime = croniter(settings.backup_cron, last).get_next(datetime)
    return fire <= now


def tick(settings: Settings, since: datetime, now: datetime | None = None) -> str | None:
    """Take the backup if one is due; the archive's name (None: none was due)."""
    now = now or utcnow()
    if not due(settings, now, since):
        return None
    folder = settings.resolved_backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not due(settings, now, since):
                return None  # another scheduler took it meanwhile
            result = create_backup(settings)
            removed = prune_backups(settings, settings.backup_keep)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    log.info(
        "scheduled backup %s written in %.1fs; %d old backup(s) removed",
        result.path.name,
        result.seconds,
        len(removed),
    )
    return result.path.name


def run_backup_scheduler(
    current: Callable[[], Settings], stop: threading.Event, interval: float = 30.0
) -> None:
    """The loop beside the run scheduler (`kbagent scheduler`, or local `kbagent serve`)."""
    since = utcnow()
    while not stop.is_set():
        try:
            tick(current(), since)
        except Exception:
            log.exception("scheduled backup failed; the next firing tries again")
            since = utcnow()
        stop.wait(interval)
