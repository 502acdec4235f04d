"""`GET /api/v1/system/metrics`: the host, the queue and its workers, runs and items by state,
and AI usage per phase and model over time windows (from `ai_usage`, so every process's calls).

Everything blocking (the database, psutil's CPU sample, nvidia-smi) runs in worker threads.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

import anyio.to_thread
from pydantic import BaseModel
from redis.asyncio import Redis
from sqlalchemy.orm import Session

from kbagent.agent import repository as runs
from kbagent.agent import workers
from kbagent.ai import repository as usage
from kbagent.ai.schemas import ModelTotals
from kbagent.content import repository as content
from kbagent.db import utcnow
from kbagent.deps import Db
from kbagent.system.host import HostMetrics, host_metrics

WINDOWS = {"1h": timedelta(hours=1), "24h": timedelta(days=1), "7d": timedelta(days=7)}


class QueueMetrics(BaseModel):
    mode: str  # "celery" (Redis) or "local" (the API process runs the work)
    depth: int | None  # tasks waiting in the queue; None: Redis did not answer
    workers: dict[str, float]  # worker (host:pid) -> seconds since it was last seen
    error: str | None = None


class UsageWindow(BaseModel):
    window: str  # "1h", "24h", "7d"
    since: datetime
    by_model: list[ModelTotals]


class SystemMetrics(BaseModel):
    at: datetime
    host: HostMetrics
    queue: QueueMetrics
    runs_by_status: dict[str, int]
    items_by_state: dict[str, int]
    ai_usage: list[UsageWindow]


class Counts(BaseModel):
    runs_by_status: dict[str, int]
    items_by_state: dict[str, int]
    ai_usage: list[UsageWindow]


def counts(session: Session) -> Counts:
    now = utcnow()
    return Counts(
        runs_by_status=runs.runs_by_status(session),
        items_by_state=content.items_by_state(session),
        ai_usage=[
            UsageWindow(
                window=name, since=now - span, by_model=usage.totals_since(session, now - span)
            )
            for name, span in WINDOWS.items()
        ],
    )


async def queue_metrics(redis: Redis | None, prefix: str) -> QueueMetrics:
    if redis is None:
        return QueueMetrics(mode="local", depth=0, workers={"local": 0.0})
    try:
        depth, seen = await asyncio.wait_for(
            asyncio.gather(workers.queue_depth(redis, prefix), workers.workers_seen(redis, prefix)),
            timeout=5,
        )
    except Exception as exc:  # Redis down: the rest of the figures still answer
        return QueueMetrics(mode="celery", depth=None, workers={}, error=str(exc)[:200])
    return QueueMetrics(mode="celery", depth=depth, workers=seen)


async def snapshot(db: Db, redis: Redis | None, prefix: str, data_dir: Path) -> SystemMetrics:
    host = await anyio.to_thread.run_sync(host_metrics, data_dir)
    found = await db.read(counts)
    return SystemMetrics(
        at=utcnow(),
        host=host,
        queue=await queue_metrics(redis, prefix),
        runs_by_status=found.runs_by_status,
        items_by_state=found.items_by_state,
        ai_usage=found.ai_usage,
    )
