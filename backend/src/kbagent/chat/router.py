"""`/chat`: sessions, messages (JSON or Server-Sent Events), retry and cancel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import StreamingResponse

from kbagent.chat import service
from kbagent.chat.answer import ChatEnv, run_turn
from kbagent.chat.inflight import inflight_for
from kbagent.chat.schemas import (
    ChatReply,
    MessageCreate,
    MessageRead,
    MessageStatus,
    SessionCreate,
    SessionPage,
    SessionRead,
    SessionUpdate,
)
from kbagent.deps import DbDep
from kbagent.errors import AIServiceError, NotFound
from kbagent.fields import MAX_OFFSET
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/chat", tags=["chat"])
TERMINAL = {"chat.done", "chat.failed", "chat.cancelled"}


def env_for(state: Any) -> ChatEnv:
    runtime = state.runtime
    return ChatEnv(
        database=state.database,
        live_ai=lambda: runtime.ai,
        embedder=getattr(state, "kb_embedder", None),
        live_settings=lambda: runtime.settings,
        inflight=inflight_for(state),
    )


async def _env(request: Request) -> ChatEnv:
    return env_for(request.app.state)


EnvDep = Annotated[ChatEnv, Depends(_env)]


@router.post("/sessions", status_code=status.HTTP_201_CREATED, responses=error_responses(422))
async def create_session(db: DbDep, body: SessionCreate | None = None) -> SessionRead:
    row = await db.write(service.create_session, body or SessionCreate())
    return SessionRead.model_validate(row)


@router.get("/sessions", responses=error_responses(422))
async def list_sessions(
    db: DbDep,
    archived: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> SessionPage:
    rows, total = await db.read(service.list_sessions, archived, limit, offset)
    items = [SessionRead.model_validate(r) for r in rows]
    return SessionPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/sessions/{session_id}", responses=error_responses(404))
async def get_session(db: DbDep, session_id: str) -> SessionRead:
    return SessionRead.model_validate(await db.read(service.get_session, session_id))


@router.patch("/sessions/{session_id}", responses=error_responses(404, 422))
async def update_session(db: DbDep, session_id: str, body: SessionUpdate) -> SessionRead:
    """Rename, archive or restore (`is_archived`), or choose the session's model."""
    return SessionRead.model_validate(await db.write(service.update_session, session_id, body))


@router.delete(
    "/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def delete_session(db: DbDep, session_id: str) -> None:
    await db.write(service.delete_session, session_id)


@router.get("/sessions/{session_id}/messages", responses=error_responses(404))
async def list_messages(db: DbDep, session_id: str) -> list[MessageRead]:
    rows = await db.read(service.list_messages, session_id)
    return [MessageRead.model_validate(r) for r in rows]


def _wants_stream(request: Request, stream: bool) -> bool:
    return stream or "text/event-stream" in request.headers.get("accept", "")


async def _respond(
    env: ChatEnv, request: Request, stream: bool, session_id: str, body: MessageCreate | None,
    retry_of: str | None = None,
) -> Any:  # fmt: skip
    content = body.content if body else ""
    model = body.model if body else None
    if _wants_stream(request, stream):
        return await _sse(env, session_id, content, model, retry_of)
    user: dict[str, Any] = {}

    async def note(kind: str, payload: dict[str, Any]) -> None:
        if kind == "chat.typing":
            user.update(payload.get("user_message") or {})

    answer = await run_turn(env, session_id, content, model, note, retry_of=retry_of)
    if answer.status is MessageStatus.FAILED:
        raise AIServiceError(
            f"The answer failed: {answer.error}",
            {"message_id": answer.id, "retry": f"/api/v1/chat/messages/{answer.id}/retry"},
        )
    if retry_of is not None:
        return answer
    return ChatReply(user_message=MessageRead.model_validate(user), message=answer)


async def _sse(
    env: ChatEnv, session_id: str, content: str, model: str | None, retry_of: str | None
) -> StreamingResponse:
    queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = asyncio.Queue()

    async def emit(kind: str, payload: dict[str, Any]) -> None:
        queue.put_nowait((kind, payload))

    turn = asyncio.create_task(run_turn(env, session_id, content, model, emit, retry_of=retry_of))
    turn.add_done_callback(lambda _: queue.put_nowait(None))
    first = await queue.get()  # errors before the first event (bad session) are plain 4xx
    if first is None:
        await turn  # raises the typed error -> envelope
        raise NotFound("The answer ended before it started.")
    message_id = str(first[1].get("message_id", ""))

    async def events() -> AsyncIterator[str]:
        item: tuple[str, dict[str, Any]] | None = first
        try:
            while item is not None:
                kind, payload = item
                yield f"event: {kind}\ndata: {json.dumps(payload)}\n\n"
                if kind in TERMINAL:
                    return
                item = await queue.get()
        finally:
            if not turn.done():  # the client left mid-answer: stop the model
                env.inflight.cancel(message_id)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


@router.post(
    "/sessions/{session_id}/messages",
    responses={**error_responses(404, 422, 502), 200: {"model": ChatReply}},
)
async def send_message(
    env: EnvDep, request: Request, session_id: str, body: MessageCreate, stream: bool = False
) -> Any:
    """The answer as JSON, or streamed as Server-Sent Events (`Accept: text/event-stream` or
    `?stream=true`): `chat.typing`, `chat.token`..., then `chat.done`, `chat.failed` or
    `chat.cancelled`."""
    return await _respond(env, request, stream, session_id, body)


@router.post(
    "/messages/{message_id}/retry",
    responses={**error_responses(404, 422, 502), 200: {"model": MessageRead}},
)
async def retry(env: EnvDep, request: Request, message_id: str, stream: bool = False) -> Any:
    """Answer again a question whose answer failed or was cancelled (replaces that answer)."""
    return await _respond(env, request, stream, "", None, retry_of=message_id)


@router.post(
    "/messages/{message_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404),
)
async def cancel(env: EnvDep, message_id: str) -> dict[str, str]:
    """Stop an answer being streamed; it is stored as cancelled with what was said so far."""
    if not env.inflight.cancel(message_id):
        raise NotFound(f"No answer {message_id} is being streamed.", {"message_id": message_id})
    return {"message_id": message_id, "status": "cancelling"}
