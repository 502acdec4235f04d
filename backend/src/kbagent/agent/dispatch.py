"""How run work reaches a worker: Celery on Redis, or a local worker thread.

With `KBAGENT_REDIS_URL` set, `send` enqueues a Celery task (any number of `kbagent worker`
processes consume them). Without it, the same task functions run on one background thread
of the current process (`kbagent serve` or `kbagent run`), so one machine needs nothing else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger("kbagent.agent")


class LocalDispatcher:
    """Runs `tasks[name](runtime, *args)` on one worker thread; the runtime and the task table
    are handed in (by `kbagent.agent.boot`), so this module imports neither."""

    def __init__(self, runtime: object, tasks: Mapping[str, Callable[..., Any]]) -> None:
        self.runtime = runtime
        self.tasks = tasks
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kbagent-worker")
        self._lock = threading.Lock()
        self._pending: set[Future[None]] = set()

    def send(self, name: str, *args: Any) -> None:
        def run() -> None:
            try:
                self.tasks[name](self.runtime, *args)
            except Exception:
                log.exception("local task %s failed", name)

        future = self._pool.submit(run)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def idle(self) -> bool:
        with self._lock:
            return not self._pending


class CeleryDispatcher:
    """Sends by task name only, so the sending process needs no worker configuration."""

    def __init__(self, redis_url: str, queue: str) -> None:
        from celery import Celery

        self.redis_url = redis_url
        self._app = Celery("kbagent-client", broker=redis_url, set_as_current=False)
        self._app.conf.update(task_default_queue=queue, broker_connection_retry_on_startup=True)

    def send(self, name: str, *args: Any) -> None:
        self._app.send_task(f"kbagent.{name}", args=list(args))


Dispatcher = LocalDispatcher | CeleryDispatcher
