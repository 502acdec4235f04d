"""The WebSocket never loses events silently and never buffers without bound for a client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from harness import admin
from harness.server import serve
from websockets.exceptions import ConnectionClosed

from kbagent.agent.events import BusOverflow, LocalBus, bus_for
from kbagent.agent.models import RunEvent, Task
from kbagent.agent.retention import prune
from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.websocket import REPLAY_LIMIT


def _add_events(settings: Settings, runs: int, per_run: int) -> list[int]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            rows = []
            for _ in range(runs):
                task = Task(task_type="agent_run", status="completed")
                session.add(task)
                session.flush()
                rows += [RunEvent(task_id=task.id, type="log") for _ in range(per_run)]
            session.add_all(rows)
            session.commit()
            return [r.id for r in rows]
    finally:
        database.dispose()


@pytest.fixture
def ws_url(settings: Settings) -> Iterator[str]:
    with serve(settings) as base:
        yield base.replace("http://", "ws://") + "/ws"


def _messages(ws: Any, count: int) -> list[dict[str, Any]]:
    return [json.loads(ws.recv(timeout=30)) for _ in range(count)]


def test_replay_beyond_its_limit_says_so_before_the_newest_events(
    settings: Settings, ws_url: str
) -> None:
    ids = _add_events(settings, 1, REPLAY_LIMIT + 10)
    with admin.connect(f"{ws_url}?since={ids[0] - 1}", max_size=None) as ws:
        snapshot, notice = _messages(ws, 2)
        replay = _messages(ws, REPLAY_LIMIT)
    assert snapshot["type"] == "snapshot"
    assert notice["type"] == "resync", notice
    assert notice["payload"]["reason"] == "replay_limit"
    assert notice["payload"]["resume_after"] == ids[9]
    assert [m["payload"]["id"] for m in replay] == ids[10:]


def test_replay_over_pruned_events_says_so(settings: Settings, ws_url: str) -> None:
    ids = _add_events(settings, 2, 5)
    database = open_database(settings.resolved_database_url)
    try:
        prune(database, settings.model_copy(update={"retain_runs": 1}))
    finally:
        database.dispose()
    with admin.connect(f"{ws_url}?since={ids[0]}") as ws:
        _, notice, *replay = _messages(ws, 2 + 5)
    assert notice["type"] == "resync" and notice["payload"]["reason"] == "pruned", notice
    assert [m["payload"]["id"] for m in replay] == ids[5:]


def test_bus_subscriber_buffer_is_bounded() -> None:
    async def scenario() -> tuple[int, list[str], bool]:
        bus = LocalBus()
        stream = bus.subscribe(limit=5)
        first = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0)  # the subscriber is registered
        for n in range(1000):
            bus.publish(str(n))
        await asyncio.sleep(0.05)  # every delivery callback has run
        waiting = bus._subscribers[0].queue.qsize()
        got = [await first]
        overflowed = False
        try:
            while True:
                got.append(await stream.__anext__())
        except BusOverflow:
            overflowed = True
        return waiting, got, overflowed

    waiting, got, overflowed = asyncio.run(scenario())
    assert waiting <= 6  # five payloads and the overflow marker, not a thousand
    assert got == ["0", "1", "2", "3", "4"] and overflowed


@pytest.mark.parametrize("db_kind", ["sqlite"])
def test_a_client_that_falls_behind_is_told_to_resync_and_dropped(settings: Settings) -> None:
    slow = settings.model_copy(update={"ws_queue_events": 10})
    bus = bus_for(None)
    published = 400
    blob = "x" * 100_000  # ~40 MB in all: more than the socket buffers hold
    with serve(slow) as base:
        ws_url = base.replace("http://", "ws://") + "/ws"
        with admin.connect(ws_url, max_size=None) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
            for n in range(1, published + 1):  # the client reads nothing meanwhile
                event = {"id": n, "type": "log", "task_id": None, "data": {"blob": blob}}
                bus.publish(json.dumps(event))
            received: list[dict[str, Any]] = []
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    received.append(json.loads(ws.recv(timeout=60)))
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    notice = received[-1]
    assert notice["type"] == "resync" and notice["payload"]["reason"] == "too_slow", notice
    delivered = [m["payload"]["id"] for m in received[:-1]]
    assert delivered == list(range(1, len(delivered) + 1))  # in order, then a clean cut
    assert len(delivered) < published
    assert notice["payload"]["resume_after"] == len(delivered)
