"""A thread in every API process and worker that samples its host every
`KBAGENT_METRICS_SAMPLE_SECONDS` into `host_samples`, the history behind the Monitoring charts.

Why a table, not a ring in memory: several API processes answer the charts, and each would
hold a different, partial history (lost at every restart); in the database all of them read
the same one. Several processes on one host write the same slot (the time rounded down to the
interval) and the first row wins, so a host has one sample per slot however many processes it
runs; workers on other machines (a GPU host) add their own series. The thread prunes its
host's samples older than `KEEP_SECONDS` as it goes.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

from kbagent.agent import workers
from kbagent.config import Settings
from kbagent.db import Database, utcnow
from kbagent.system import repository
from kbagent.system.host import host_metrics
from kbagent.system.models import HostSample

KEEP_SECONDS = 8 * 24 * 3600  # the longest chart window (7 days) and a margin
log = logging.getLogger("kbagent.system")


def take_sample(settings: Settings, interval: float, host: str | None = None) -> HostSample:
    metrics = host_metrics(Path(settings.data_dir))
    depth: int | None = 0
    if settings.redis_url:
        try:
            depth = workers.queue_depth_now(settings.redis_url, settings.redis_prefix)
        except Exception:  # Redis down: the host's figures still count
            depth = None
    gpus = [g.utilization_percent for g in metrics.gpus or [] if g.utilization_percent is not None]
    now = time.time()
    return HostSample(
        host=host or socket.gethostname(),
        slot=int(now // max(1.0, interval) * max(1.0, interval)),
        at=utcnow(),
        cpu_percent=metrics.cpu_percent,
        memory_percent=metrics.memory.used_percent,
        disk_percent=metrics.disk.used_percent,
        gpu_percent=round(sum(gpus) / len(gpus), 1) if gpus else None,
        queue_depth=depth,
    )


def record(database: Database, sample: HostSample) -> bool:
    with database.writer() as session:
        added = repository.add_sample(session, sample)
        repository.delete_samples_before(session, sample.host, sample.slot - KEEP_SECONDS)
        session.commit()
    return added


class HostSampler:
    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self, interval: float) -> None:
        # The first sample one interval after start: a process that lives for seconds (a test,
        # a CLI command) writes nothing.
        while not self._stop.wait(interval):
            try:
                record(self.database, take_sample(self.settings, interval))
            except Exception:
                log.exception("host sample failed")

    def start(self) -> None:
        interval = self.settings.metrics_sample_seconds
        if interval <= 0:
            return
        self._thread = threading.Thread(
            target=self._loop, args=(interval,), name="kbagent-sampler", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
