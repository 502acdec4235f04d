"""Celery wiring: the broker and result backend are Redis (`KBAGENT_REDIS_URL`).

Tasks are thin wrappers over agent/engine.py, the same functions the local worker thread runs.
Run state lives in the database, not in Celery: a worker killed mid-batch loses nothing,
because a surviving or new worker's supervisor re-dispatches its run's pending items.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from kbagent.agent import engine
from kbagent.agent.boot import open_runtime
from kbagent.agent.runtime import Runtime
from kbagent.agent.supervisor import Supervisor
from kbagent.config import load_settings
from kbagent.system.sampler import HostSampler

_settings = load_settings()
celery_app = Celery(
    "kbagent",
    broker=_settings.redis_url or "memory://",
    backend=_settings.redis_url,
)
celery_app.conf.update(
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    task_acks_late=False,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    task_default_queue=_settings.redis_prefix,
)

_runtime: Runtime | None = None
_runtime_pid: int | None = None
_lock = threading.Lock()


def runtime() -> Runtime:
    """One runtime per process, created after fork (engines must not cross a fork)."""
    global _runtime, _runtime_pid
    with _lock:
        if _runtime is None or _runtime_pid != os.getpid():
            _runtime, _runtime_pid = open_runtime(load_settings()), os.getpid()
        return _runtime


@celery_app.task(name="kbagent.advance")
def run_agent_pipeline(task_id: str) -> None:
    engine.advance(runtime(), task_id)


@celery_app.task(name="kbagent.process_batch")
def process_content_task(task_id: str, phase: str, item_ids: list[str]) -> None:
    engine.process_batch(runtime(), task_id, phase, item_ids)


@celery_app.task(name="kbagent.run_global")
def run_phase_task(task_id: str, phase: str) -> None:
    engine.run_global(runtime(), task_id, phase)


_supervisor: Supervisor | None = None
_sampler: HostSampler | None = None


@worker_ready.connect
def _start_supervisor(**_: Any) -> None:
    global _supervisor, _sampler
    rt = runtime()
    _supervisor = Supervisor(rt, local=False, resume=True)
    _supervisor.start()
    _sampler = HostSampler(rt.settings, rt.database)  # this host's series in the charts
    _sampler.start()


@worker_shutdown.connect
def _stop_supervisor(**_: Any) -> None:
    if _sampler is not None:
        _sampler.stop()
    if _supervisor is not None:
        _supervisor.stop()
