"""ASGI middleware: request ids, access logs, body-size limit, last-resort error envelope.

Written as plain ASGI (not BaseHTTPMiddleware) so streaming bodies are counted as they arrive
and nothing is buffered twice.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kbagent.errors import PayloadTooLarge
from kbagent.system.envelope import error_body
from kbagent.system.gate import client_address
from kbagent.system.logs import request_id_var
from kbagent.system.prometheus import observe_request

log = logging.getLogger("kbagent.http")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class BodyTooLarge(Exception):
    pass


class RequestContextMiddleware:
    def __init__(
        self, app: ASGIApp, max_body_bytes: int, body_limits: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Per-path limits for routes that take files (uploads), by exact path.
        self.body_limits = body_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False
        limit = self.body_limits.get(scope.get("path", ""), self.max_body_bytes)

        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._send_error(send, request_id, _too_large(limit))
            self._log(scope, 413, started, request_id)
            request_id_var.reset(token)
            return

        received = 0
        overflow = False

        async def counting_receive() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflow = True
                    raise BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if overflow:
                # The framework may turn our exception into its own 400; answer 413 instead.
                if message["type"] == "http.response.start" and not response_started:
                    response_started = True
                    status = 413
                    await self._send_error(send, request_id, _too_large(limit))
                return
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, counting_receive, send_with_id)
        except BodyTooLarge:
            status = 413
            if not response_started:
                await self._send_error(send, request_id, _too_large(limit))
        except Exception:
            status = 500
            log.exception("unhandled error", extra={"path": scope.get("path")})
            if not response_started:
                await self._send_error(send, request_id, None)
        finally:
            self._log(scope, status, started, request_id)
            request_id_var.reset(token)

    @staticmethod
    async def _send_error(send: Send, request_id: str, error: PayloadTooLarge | None) -> None:
        status, body = error_body(error, request_id)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", request_id.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _log(scope: Scope, status: int, started: float, request_id: str) -> None:
        seconds = time.perf_counter() - started
        observe_request(scope, status, seconds)
        extra: dict[str, Any] = {
            "method": scope.get("method"),
            "path": scope.get("path"),
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "request_id": request_id,
            "client": client_address(scope),
        }
        log.info("request", extra=extra)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"Request body is larger than the limit of {limit} bytes.", {"limit_bytes": limit}
    )
