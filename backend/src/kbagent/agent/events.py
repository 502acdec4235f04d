"""Run events: persisted as `run_events` rows, then published live.

With Redis configured, events go through Redis pub/sub (channel `<prefix>:events`, prefix
from KBAGENT_REDIS_PREFIX), so any API instance can serve any client whichever worker made
the event. Without Redis, an in-process
bus carries them from the local worker threads to the WebSocket handlers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from redis import Redis
from sqlalchemy.orm import Session

from kbagent.agent import repository
from kbagent.agent.models import RunEvent
from kbagent.credentials.redaction import redact, redact_strings
from kbagent.db import Database

log = logging.getLogger("kbagent.agent")
_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


def event_dict(row: RunEvent) -> dict[str, Any]:
    return {
        "id": row.id,
        "task_id": row.task_id,
        "ts": row.ts.isoformat(),
        "level": row.level,
        "type": row.type,
        "message": row.message,
        "data": row.data,
    }


class BusOverflow(Exception):
    """A subscriber fell so far behind that events were dropped for it: it must resync."""


class _Subscriber:
    """One subscriber's bounded buffer. `pending` counts payloads handed to its loop and not
    yet taken (callbacks queued on a busy loop included), so a stalled consumer holds at most
    `limit` of them; past that it is marked overflowed and gets no more."""

    def __init__(self, loop: asyncio.AbstractEventLoop, limit: int) -> None:
        self.loop = loop
        self.limit = limit
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.pending = 0
        self.overflowed = False


class LocalBus:
    """Fan-out to asyncio subscribers from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[_Subscriber] = []

    def publish(self, payload: str) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            with self._lock:
                if sub.overflowed:
                    continue
                if sub.pending >= sub.limit:
                    sub.overflowed = True
                    item: str | None = None  # wakes the consumer to raise BusOverflow
                else:
                    sub.pending += 1
                    item = payload
            try:
                sub.loop.call_soon_threadsafe(sub.queue.put_nowait, item)
            except RuntimeError:  # that subscriber's loop is gone
                self._remove(sub)

    def _remove(self, sub: _Subscriber) -> None:
        with self._lock:
            if sub in self._subscribers:
                self._subscribers.remove(sub)

    async def subscribe(self, limit: int = 1000) -> AsyncIterator[str]:
        """Published payloads; raises BusOverflow once more than `limit` wait unread."""
        sub = _Subscriber(asyncio.get_running_loop(), limit)
        with self._lock:
            self._subscribers.append(sub)
        try:
            while True:
                item = await sub.queue.get()
                if item is None:
                    raise BusOverflow(f"more than {limit} events waited unread")
                with self._lock:
                    sub.pending -= 1
                yield item
        finally:
            self._remove(sub)


class RedisBus:
    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.channel = f"{prefix}:events"
        self._client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)

    def publish(self, payload: str) -> None:
        self._client.publish(self.channel, payload)

    async def subscribe(self, limit: int = 1000) -> AsyncIterator[str]:
        """Published payloads. Redis bounds what waits for a slow subscriber itself (its pubsub
        client-output-buffer-limit disconnects it), which ends this iterator."""
        from redis.asyncio import Redis as AsyncRedis

        client = AsyncRedis.from_url(self.url)
        pubsub = client.pubsub()
        await pubsub.subscribe(self.channel)
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    data = message["data"]
                    yield data.decode() if isinstance(data, bytes) else str(data)
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await client.aclose()


Bus = LocalBus | RedisBus
_local_bus = LocalBus()
_redis_buses: dict[tuple[str, str], RedisBus] = {}


def bus_for(redis_url: str | None, prefix: str = "kbagent") -> Bus:
    if redis_url is None:
        return _local_bus
    key = (redis_url, prefix)
    if key not in _redis_buses:
        _redis_buses[key] = RedisBus(redis_url, prefix)
    return _redis_buses[key]


def emit(
    database: Database,
    bus: Bus,
    task_id: str | None,
    type_: str,
    message: str = "",
    *,
    level: str = "INFO",
    **data: Any,
) -> dict[str, Any]:
    """Persist an event (its own short transaction), then publish it."""
    with database.writer() as session:
        row = record(session, task_id, type_, message, level=level, **data)
        session.commit()
        event = event_dict(row)
    publish(bus, event)
    return event


def record(
    session: Session,
    task_id: str | None,
    type_: str,
    message: str = "",
    *,
    level: str = "INFO",
    **data: Any,
) -> RunEvent:
    """Add an event row to the caller's transaction: it commits with the state it reports, so
    a client that orders events by id never sees a run end before its last item."""
    row_ = row(task_id, type_, message, level=level, **data)
    repository.add(session, row_)
    return row_


def row(
    task_id: str | None, type_: str, message: str = "", *, level: str = "INFO", **data: Any
) -> RunEvent:
    """An event row, not yet added: many are added at once (`session.add_all`) and inserted
    in one statement when the caller's transaction flushes."""
    # Events are logs kept in the database and shown by the API: redacted like log lines.
    return RunEvent(
        task_id=task_id,
        type=type_,
        message=redact(message),
        level=level,
        data=redact_strings(data),
    )


def publish(bus: Bus, event: dict[str, Any]) -> None:
    """Deliver a committed event live (best effort: it is stored either way)."""
    level = str(event.get("level", "INFO"))
    log.log(
        _LEVELS.get(level, 20),
        event.get("message") or event.get("type"),
        extra={"task_id": event.get("task_id"), "event": event.get("type")},
    )
    try:
        bus.publish(json.dumps(event, default=str))
    except Exception:
        log.warning("could not publish event", exc_info=True)
