"""`/ws`: live events for every client, with no final event lost across reconnects.

On connect the client gets a `snapshot` of active and recent runs (from the tasks table, the
one source of run state). With `?since=<event id>` it then gets every persisted event after that
id, then live events; ids let it drop duplicates. Messages are `{"type", "payload"}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.orm import Session

from kbagent.agent import repository, service
from kbagent.agent.events import event_dict
from kbagent.agent.runtime import Runtime
from kbagent.chat.router import env_for
from kbagent.chat.ws import ChatSocket

router = APIRouter()


def _snapshot(session: Session) -> dict[str, Any]:
    runs, _ = service.list_runs(session, 10, 0, None)
    active = {t.id for t in repository.active_tasks(session)}
    for task_id in active - {r.id for r in runs}:
        runs.append(service.describe(session, service.get_run(session, task_id)))
    return {"runs": [r.model_dump(mode="json") for r in runs]}


def _replay(session: Session, since: int) -> list[dict[str, Any]]:
    return [event_dict(e) for e in repository.events_after(session, since, limit=5000)]


@router.websocket("/ws")
async def events(websocket: WebSocket) -> None:
    rt: Runtime = websocket.app.state.runtime
    raw_since = websocket.query_params.get("since")
    since = int(raw_since) if raw_since and raw_since.isdigit() else None
    await websocket.accept()
    lock = asyncio.Lock()

    async def send(message: dict[str, Any]) -> None:
        async with lock:  # chat answers and run events share the socket
            await websocket.send_json(message)

    chat = ChatSocket(env_for(websocket.app.state), send)
    live: asyncio.Queue[str] = asyncio.Queue()

    async def pump() -> None:
        async for payload in rt.bus.subscribe():
            live.put_nowait(payload)

    subscriber = asyncio.create_task(pump())
    await asyncio.sleep(0)  # subscribe before reading the database: nothing falls between
    try:
        with rt.database.reader() as session:
            snapshot = await anyio.to_thread.run_sync(_snapshot, session)
        await send({"type": "snapshot", "payload": snapshot})
        replayed: set[int] = set()
        if since is not None:
            with rt.database.reader() as session:
                backlog = await anyio.to_thread.run_sync(_replay, session, since)
            for event in backlog:
                await send({"type": event["type"], "payload": event})
                replayed.add(int(event["id"]))
        closed = asyncio.create_task(_receive(websocket, chat))
        while not closed.done():
            getter = asyncio.create_task(live.get())
            done, _ = await asyncio.wait({getter, closed}, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                break
            event = json.loads(getter.result())
            # Skip only what the replay already sent: live events from several workers arrive
            # out of id order, and an event committed late may be missing from the replay.
            if int(event.get("id") or 0) in replayed:
                continue
            await send({"type": event["type"], "payload": event})
    except WebSocketDisconnect:
        pass
    finally:
        subscriber.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await subscriber


async def _receive(websocket: WebSocket, chat: ChatSocket) -> None:
    """Until the client closes: its `chat.*` messages go to the chat side."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text:
                with contextlib.suppress(ValueError):
                    await chat.receive(json.loads(text))
