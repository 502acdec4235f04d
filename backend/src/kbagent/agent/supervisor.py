"""Background duties of a process that serves runs: dead-run detection, the scheduler and
scheduled backups.

Locally (no Redis) the API process is also the worker: it resumes runs whose heartbeat went
stale and fires schedules. With Redis, workers resume dead runs (see worker.py) and the API
process only marks runs nobody reports for as `stalled`; `kbagent scheduler` fires schedules.
"""

from __future__ import annotations

import logging
import threading

from kbagent.agent import engine, schedules, workers
from kbagent.agent.runtime import Runtime
from kbagent.backup.scheduled import run_backup_scheduler

log = logging.getLogger("kbagent.agent")

# Longer than one check can take (SQLite waits up to 30 s for its write lock). `stop` waits
# this long so that the database is never disposed of, nor the interpreter torn down, while
# a supervision thread is inside a session: a daemon thread killed mid-query once crashed the
# process in garbage collection.
STOP_WAIT_SECONDS = 60.0


class Supervisor:
    def __init__(self, runtime: Runtime, *, local: bool, resume: bool | None = None) -> None:
        self.runtime = runtime
        self.local = local
        self.resume = local if resume is None else resume
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def check(self) -> None:
        settings = self.runtime.settings
        if not self.local and self.resume and settings.redis_url:
            workers.beat(settings.redis_url, settings.redis_prefix)  # a Celery worker is alive
        if self.resume:
            engine.recover(self.runtime)
        else:
            engine.mark_stalled(self.runtime)

    def _watch(self) -> None:
        interval = max(0.5, self.runtime.settings.run_stale_seconds / 2)
        while not self._stop.wait(0):
            try:
                self.check()
            except Exception:
                log.exception("run supervision failed")
            if self._stop.wait(interval):
                return

    def start(self) -> None:
        self._spawn(self._watch, "kbagent-watchdog")
        if self.local:
            self._spawn(
                lambda: schedules.run_scheduler(self.runtime, self._stop), "kbagent-scheduler"
            )
            self._spawn(
                lambda: run_backup_scheduler(lambda: self.runtime.settings, self._stop),
                "kbagent-backups",
            )

    def _spawn(self, target: object, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop, and wait until no supervision thread is inside a database session."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=STOP_WAIT_SECONDS)
            if thread.is_alive():
                log.error("%s did not stop within %.0f s", thread.name, STOP_WAIT_SECONDS)
        self._threads = [t for t in self._threads if t.is_alive()]
