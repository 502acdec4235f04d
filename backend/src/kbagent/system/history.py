"""`GET /api/v1/system/metrics/history`: the Monitoring charts' series over a window: each
host's CPU, memory, disk, GPU and queue depth (from `host_samples`, see system/sampler.py) and
the model calls per phase and model (from `ai_usage`), both in the same time buckets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from kbagent.ai import repository as usage
from kbagent.ai.schemas import UsageBucket
from kbagent.db import utcnow
from kbagent.system import repository

Window = Literal["1h", "6h", "24h", "7d"]
# Window -> (span, bucket): at most about a hundred points per series.
SPANS: dict[str, tuple[timedelta, int]] = {
    "1h": (timedelta(hours=1), 60),
    "6h": (timedelta(hours=6), 300),
    "24h": (timedelta(days=1), 900),
    "7d": (timedelta(days=7), 7200),
}


class HostPoint(BaseModel):
    at: datetime  # the bucket's start
    cpu_percent: float
    memory_percent: float
    disk_percent: float
    gpu_percent: float | None  # None: no GPU seen on this host
    queue_depth: int | None  # the largest in the bucket; None: Redis did not answer


class HostSeries(BaseModel):
    host: str
    points: list[HostPoint]


class MetricsHistory(BaseModel):
    window: Window
    since: datetime
    until: datetime
    step_seconds: int
    sample_seconds: float  # how often this process samples its host (0: never)
    hosts: list[HostSeries]
    ai_usage: list[UsageBucket]


def history(session: Session, window: Window, sample_seconds: float) -> MetricsHistory:
    span, step = SPANS[window]
    now = utcnow()
    since_epoch = int((now - span).timestamp()) // step * step
    since = datetime.fromtimestamp(since_epoch, UTC)
    hosts: dict[str, list[HostPoint]] = {}
    for b in repository.sample_buckets(session, since_epoch, step):
        hosts.setdefault(b.host, []).append(
            HostPoint(
                at=datetime.fromtimestamp(b.start, UTC),
                cpu_percent=b.cpu_percent,
                memory_percent=b.memory_percent,
                disk_percent=b.disk_percent,
                gpu_percent=b.gpu_percent,
                queue_depth=b.queue_depth,
            )
        )
    return MetricsHistory(
        window=window,
        since=since,
        until=now,
        step_seconds=step,
        sample_seconds=sample_seconds,
        hosts=[HostSeries(host=h, points=p) for h, p in sorted(hosts.items())],
        ai_usage=usage.usage_buckets(session, since, step),
    )
