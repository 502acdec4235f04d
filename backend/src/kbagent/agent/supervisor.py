"""Background duties of a process that serves runs: dead-run detection and the scheduler.

Locally (no Redis) the API process is also the worker: it resumes runs whose heartbeat went
stale and fires schedules. With Redis, workers resume dead runs (see worker.py) and the API
process only marks runs nobody reports for as `stalled`; `kbagent scheduler` fires schedules.
"""

from __future__ import annotations

import logging
import threading

from kbagent.agent import engine, schedules
from kbagent.agent.runtime import Runtime

log = logging.getLogger("kbagent.agent")


class Supervisor:
    def __init__(self, runtime: Runtime, *, local: bool, resume: bool | None = None) -> None:
        self.runtime = runtime
        self.local = local
        self.resume = local if resume is None else resume
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def check(self) -> None:
        if self.resume:
            engine.recover(self.runtime)
        else:
            engine.mark_stalled(self.runtime)

    def _watch(self) -> None:
        interval = max(0.5, self.runtime.settings.run_stale_seconds / 2)
        while not self._stop.is_set():
            try:
                self.check()
            except Exception:
                log.exception("run supervision failed")
            self._stop.wait(interval)

    def start(self) -> None:
        self._spawn(self._watch, "kbagent-watchdog")
        if self.local:
            self._spawn(
                lambda: schedules.run_scheduler(self.runtime, self._stop), "kbagent-scheduler"
            )

    def _spawn(self, target: object, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
