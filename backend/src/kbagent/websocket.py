"""`/ws`: live events for every client, with no final event lost across reconnects.

On connect the client gets a `snapshot` of active and recent runs (from the tasks table, the
one source of run state). With `?since=<event id>` it then gets every persisted event after that
id, then live events; ids let it drop duplicates. Messages are `{"type", "payload"}`.

Nothing is lost silently: when the replay cannot hold everything missed (more than
`REPLAY_LIMIT` events, or events since pruned), a `resync` message says so before the newest
events, and the client refetches state over the API. Live events wait in a bounded queue
(`KBAGENT_WS_QUEUE_EVENTS`); a client that falls further behind gets a `resync` and is
disconnected, to reconnect with `?since=` - its backlog never grows in server memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.orm import Session

from kbagent.agent import repository, service
from kbagent.agent.events import BusOverflow, event_dict
from kbagent.agent.runtime import Runtime
from kbagent.auth import policy
from kbagent.auth.guard import AuthState, auth_state
from kbagent.auth.principal import Principal
from kbagent.chat.router import env_for
from kbagent.chat.ws import ChatSocket, envelope
from kbagent.errors import Forbidden, NotAuthenticated

router = APIRouter()
T = TypeVar("T")


def _snapshot(session: Session) -> dict[str, Any]:
    runs, _ = service.list_runs(session, 10, 0, None)
    active = {t.id for t in repository.active_tasks(session)}
    for task_id in active - {r.id for r in runs}:
        runs.append(service.describe(session, service.get_run(session, task_id)))
    return {"runs": [r.model_dump(mode="json") for r in runs]}


REPLAY_LIMIT = 5000
# Close code for a connection without valid credentials, or whose session was revoked.
UNAUTHORIZED = 4401
# How often a connection's credential is checked again (a cached check costs nothing).
RECHECK_SECONDS = 1.0
# Close code for a client whose live events stopped (RFC 6455: "try again later").
TRY_AGAIN_LATER = 1013


def _read(rt: Runtime, fn: Callable[[Session], T]) -> T:
    """`fn` in a read session opened, used and closed in the calling (worker) thread."""
    with rt.database.reader() as session:
        return fn(session)


def _replay(session: Session, since: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(a resync notice if events after `since` cannot all be replayed, the events to send)."""
    rows = repository.events_after(session, since, limit=REPLAY_LIMIT + 1)
    oldest = repository.oldest_event_id(session)
    notice: dict[str, Any] | None = None
    if len(rows) > REPLAY_LIMIT:
        rows = repository.latest_events(session, REPLAY_LIMIT)
        notice = {"reason": "replay_limit", "since": since, "limit": REPLAY_LIMIT}
    elif oldest is not None and since + 1 < oldest:
        notice = {"reason": "pruned", "since": since}
    if notice is not None:
        notice["resume_after"] = rows[0].id - 1 if rows else since
        notice["message"] = "Events were missed; refetch the state of runs over the API."
    return notice, [event_dict(e) for e in rows]


@router.websocket("/ws")
async def events(websocket: WebSocket) -> None:
    rt: Runtime = websocket.app.state.runtime
    raw_since = websocket.query_params.get("since")
    # (Clamped: a 30-digit id would overflow the database's integer parameter.)
    since = min(int(raw_since), 2**62) if raw_since and raw_since.isdigit() else None
    await websocket.accept()  # first, so that a refusal can carry its close code
    auth = auth_state(websocket)
    try:
        principal, credential = await _authenticate(auth, websocket)
    except NotAuthenticated as exc:
        await websocket.close(code=UNAUTHORIZED, reason=exc.message[:120])
        return
    lock = asyncio.Lock()

    async def send(message: dict[str, Any]) -> None:
        async with lock:  # chat answers and run events share the socket
            await websocket.send_json(message)

    await rt.live.acurrent()  # off the loop; the settings the socket starts with
    chat = ChatSocket(env_for(websocket.app.state), send)
    limit = rt.settings.ws_queue_events
    live: asyncio.Queue[str] = asyncio.Queue(maxsize=limit)
    last_sent = since or 0
    stopped = ["live_events_interrupted"]  # why live events stopped, if they do

    async def pump() -> None:
        """Until the client falls `limit` events behind (or the bus ends): then it resyncs."""
        try:
            async for payload in rt.bus.subscribe(limit):
                live.put_nowait(payload)
        except (BusOverflow, asyncio.QueueFull):
            stopped[0] = "too_slow"

    subscriber = asyncio.create_task(pump())
    revoked = asyncio.create_task(_until_revoked(auth, principal, credential))
    await asyncio.sleep(0)  # subscribe before reading the database: nothing falls between
    try:
        snapshot = await anyio.to_thread.run_sync(_read, rt, _snapshot)
        await send({"type": "snapshot", "payload": snapshot})
        replayed: set[int] = set()
        if since is not None:
            notice, backlog = await anyio.to_thread.run_sync(
                _read, rt, partial(_replay, since=since)
            )
            if notice is not None:
                await send({"type": "resync", "payload": notice})
            for event in backlog:
                await send({"type": event["type"], "payload": event})
                replayed.add(int(event["id"]))
                last_sent = max(last_sent, int(event["id"]))
        closed = asyncio.create_task(_receive(websocket, chat, send, principal))
        while not closed.done():
            getter = asyncio.create_task(live.get())
            watched = {getter, closed, subscriber, revoked}
            done, _ = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                if revoked in done:
                    with contextlib.suppress(Exception):
                        await websocket.close(code=UNAUTHORIZED, reason="session revoked")
                    break
                if subscriber in done and not closed.done():
                    await _resync_and_close(websocket, send, stopped[0], last_sent)
                break
            # A batch's events arrive together: send every one waiting without a round of
            # `asyncio.wait` each (its tasks and wake-ups delayed the last of a batch).
            payloads = [getter.result()]
            while not live.empty():
                payloads.append(live.get_nowait())
            for payload in payloads:
                event = json.loads(payload)
                # Skip only what the replay already sent: live events from several workers
                # arrive out of id order, and an event committed late may be missing from
                # the replay.
                if int(event.get("id") or 0) in replayed:
                    continue
                await send({"type": event["type"], "payload": event})
                last_sent = max(last_sent, int(event.get("id") or 0))
    except WebSocketDisconnect:
        pass
    finally:
        subscriber.cancel()
        revoked.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await subscriber


async def _resync_and_close(
    websocket: WebSocket,
    send: Callable[[dict[str, Any]], Awaitable[None]],
    reason: str,
    last_sent: int,
) -> None:
    """Live events stopped for this client (it fell behind, or the bus connection ended):
    tell it, then disconnect it."""
    notice = {
        "reason": reason,
        "resume_after": last_sent,
        "message": "Live events were dropped; reconnect with ?since= and refetch run state.",
    }
    with contextlib.suppress(Exception):
        await send({"type": "resync", "payload": notice})
        await websocket.close(code=TRY_AGAIN_LATER, reason=f"resync: {reason}")


async def _authenticate(auth: AuthState, websocket: WebSocket) -> tuple[Principal, str]:
    """`?token=` (an access token or API key), else the headers and cookies an HTTP request
    would send (`Authorization: Bearer`, the access cookie)."""
    token = websocket.query_params.get("token")
    if token and auth.enabled:
        return await auth.bearer(token), token
    return await auth.authenticate(websocket.headers, websocket.cookies, "GET")


async def _until_revoked(auth: AuthState, principal: Principal, credential: str) -> None:
    """Returns once the connection's session or key is revoked (or its user deleted)."""
    while True:
        if not await auth.recheck(principal, credential):
            return
        await asyncio.sleep(RECHECK_SECONDS)


async def _receive(
    websocket: WebSocket,
    chat: ChatSocket,
    send: Callable[[dict[str, Any]], Awaitable[None]],
    principal: Principal,
) -> None:
    """Until the client closes: its `chat.*` messages go to the chat side, if its role may
    send them."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if not text:
                continue
            try:
                decoded = json.loads(text)
            except ValueError:
                continue
            kind = str(decoded.get("type", "")) if isinstance(decoded, dict) else ""
            required = policy.ws_required_role(kind)
            if not principal.role.allows(required):
                refusal = Forbidden(f"Sending {kind!r} needs the {required} role.")
                await send({"type": "error", "payload": envelope(refusal)})
                continue
            await chat.receive(decoded)
