"""Chat over `/ws`: `chat.send` starts an answer streamed back as events; `chat.cancel` stops one.

Client messages: `{"type": "chat.send", "payload": {"session_id", "content", "model"?}}` and
`{"type": "chat.cancel", "payload": {"message_id"}}`. Bad input gets a `chat.error` event whose
payload is the usual error envelope.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from kbagent.chat.answer import ChatEnv, run_turn
from kbagent.chat.schemas import MessageCreate
from kbagent.errors import ErrorResponse, InvalidInput, KbagentError, NotFound

Send = Callable[[dict[str, Any]], Awaitable[None]]


def envelope(error: KbagentError) -> dict[str, Any]:
    return ErrorResponse(
        error_code=error.error_code,
        message=error.message,
        details=error.details,
        timestamp=datetime.now(UTC),
        request_id=uuid.uuid4().hex,
    ).model_dump(mode="json")


class ChatSocket:
    """The chat side of one WebSocket connection."""

    def __init__(self, env: ChatEnv, send: Send) -> None:
        self.env = env
        self.send = send
        self.tasks: set[asyncio.Task[None]] = set()

    async def receive(self, message: Any) -> None:
        if not isinstance(message, dict) or not str(message.get("type", "")).startswith("chat."):
            return
        payload = message.get("payload")
        payload = payload if isinstance(payload, dict) else {}
        try:
            if message["type"] == "chat.send":
                self._start(payload)
            elif message["type"] == "chat.cancel":
                message_id = str(payload.get("message_id", ""))
                if not self.env.inflight.cancel(message_id):
                    raise NotFound(f"No answer {message_id} is being streamed.")
            else:
                raise InvalidInput(f"Unknown message type {message['type']!r}.")
        except KbagentError as exc:
            await self._error(exc, payload)

    def _start(self, payload: dict[str, Any]) -> None:
        session_id = str(payload.get("session_id") or "")
        try:
            body = MessageCreate.model_validate(
                {k: v for k, v in payload.items() if k in ("content", "model")}
            )
        except ValidationError as exc:
            fields = [
                {"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()
            ]
            raise InvalidInput("The chat message is not valid.", {"errors": fields}) from None
        task = asyncio.create_task(self._turn(session_id, body, payload))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _turn(self, session_id: str, body: MessageCreate, payload: dict[str, Any]) -> None:
        async def emit(kind: str, data: dict[str, Any]) -> None:
            await self.send({"type": kind, "payload": data})

        try:
            await run_turn(self.env, session_id, body.content, body.model, emit)
        except KbagentError as exc:
            await self._error(exc, payload)

    async def _error(self, exc: KbagentError, payload: dict[str, Any]) -> None:
        error = envelope(exc)
        error["request"] = {k: payload[k] for k in ("session_id", "message_id") if k in payload}
        try:
            await self.send({"type": "chat.error", "payload": error})
        except Exception:  # the socket is gone; nobody to tell
            return
