"""Which Celery workers are alive, and how much work waits for them, as seen in Redis.

Each worker process's supervisor writes `<prefix>:worker:<host>:<pid>` (its last beat, expiring
after `WORKER_TTL_SECONDS`) at every check; the queue is the Redis list Celery keeps under the
queue's name (`<prefix>`). Without Redis, the API process is the only worker.
"""

from __future__ import annotations

import os
import socket
import time
from functools import cache

from redis import Redis
from redis.asyncio import Redis as AsyncRedis

WORKER_TTL_SECONDS = 60


@cache
def _client(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)


def worker_key(prefix: str) -> str:
    return f"{prefix}:worker:{socket.gethostname()}:{os.getpid()}"


def beat(redis_url: str, prefix: str) -> None:
    _client(redis_url).set(worker_key(prefix), str(time.time()), ex=WORKER_TTL_SECONDS)


def queue_depth_now(redis_url: str, prefix: str) -> int:
    return int(_client(redis_url).llen(prefix))


async def queue_depth(redis: AsyncRedis, prefix: str) -> int:
    return int(await redis.llen(prefix))


async def workers_seen(redis: AsyncRedis, prefix: str) -> dict[str, float]:
    """Worker name (`host:pid`) -> seconds since its last beat."""
    found: dict[str, float] = {}
    now = time.time()
    async for raw in redis.scan_iter(match=f"{prefix}:worker:*", count=100):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        value = await redis.get(key)
        if value is not None:
            name = key.removeprefix(f"{prefix}:worker:")
            found[name] = round(max(0.0, now - float(value)), 1)
    return found
