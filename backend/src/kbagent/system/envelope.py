"""Rendering errors as the design's `ErrorResponse`, and the handlers that do it."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from kbagent.credentials.redaction import redact, redact_strings
from kbagent.errors import ErrorCode, ErrorResponse, KbagentError

log = logging.getLogger("kbagent.errors")
# SQLite's lock wait ran out; PostgreSQL's lock_timeout or a deadlock victim.
_BUSY = ("database is locked", "database is busy", "lock timeout", "deadlock detected")
BUSY_RETRY_AFTER = 5

_HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    422: ErrorCode.VALIDATION_ERROR,
    503: ErrorCode.SERVICE_UNAVAILABLE,
}


def error_body(error: KbagentError | None, request_id: str) -> tuple[int, bytes]:
    """Status and JSON bytes for an error; `None` means an unexpected failure (500)."""
    if error is None:
        response = ErrorResponse(
            error_code=ErrorCode.SYSTEM_ERROR,
            message="Internal error; the server log has the details under this request id.",
            timestamp=datetime.now(UTC),
            request_id=request_id,
        )
        return 500, response.model_dump_json().encode()
    response = ErrorResponse(
        error_code=error.error_code,
        message=redact(error.message),
        details=redact_strings(error.details),
        timestamp=datetime.now(UTC),
        request_id=request_id,
    )
    return error.status_code, response.model_dump_json().encode()


def _respond(
    request: Request,
    status: int,
    code: ErrorCode,
    message: str,
    details: Any,
    headers: Mapping[str, str] | None = None,
) -> Any:
    body = ErrorResponse(
        error_code=code,
        message=redact(message),
        details=redact_strings(details),
        timestamp=datetime.now(UTC),
        request_id=request.scope.get("state", {}).get("request_id", "-"),
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


# Parts of a validation error's location that name a schema branch, not a field: the member
# of `str | None` that failed (`function-after[storable_text(), constrained-str]`, `none`).
_BRANCH = re.compile(r"\[.*\]$|^none$|^constrained-|^function-")


def _field(loc: Sequence[Any]) -> str:
    """The dotted path a user knows (`display_title`, `query.limit`), "request" for none."""
    parts = [str(p) for p in loc if p != "body" and not _BRANCH.search(str(p))]
    return ".".join(parts) or "request"


def _validation_details(exc: RequestValidationError) -> dict[str, Any]:
    # The offending input is not echoed back: it may be huge or hostile.
    errors = [
        {
            "loc": [str(part) for part in err.get("loc", ())],
            "field": _field(err.get("loc", ())),
            "msg": err.get("msg"),
            "type": err.get("type"),
        }
        for err in exc.errors()
    ]
    # A value that fails `X | None` fails both members: "should be None" says nothing useful
    # when the field's real complaint (too long, not a URL) is there too.
    real = {e["field"] for e in errors if e["type"] != "none_required"}
    errors = [e for e in errors if e["type"] != "none_required" or e["field"] not in real]
    return {"errors": errors[:50]}


def _allow_header(request: Request, fallback: Mapping[str, str] | None) -> Mapping[str, str]:
    """Every method the path takes: Starlette names only those of the first matching route,
    and GET and POST on one path are two routes here."""
    table: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        request.app.state, "allowed_methods", None
    )
    if table is None:
        table = [
            (compile_path(path)[0], {method.upper() for method in operations})
            for path, operations in request.app.openapi().get("paths", {}).items()
        ]
        request.app.state.allowed_methods = table
    methods = set().union(*(m for regex, m in table if regex.match(request.url.path)))
    if not methods:
        return fallback or {}
    if "GET" in methods:
        methods.add("HEAD")
    return {"Allow": ", ".join(sorted(methods))}


def install_error_handlers(app: FastAPI) -> None:
    async def on_kbagent_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, KbagentError)
        if exc.status_code >= 500:
            log.error("%s: %s", exc.error_code.value, exc.message, extra={"details": exc.details})
        return _respond(
            request, exc.status_code, exc.error_code, exc.message, exc.details, exc.headers
        )

    async def on_validation_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, RequestValidationError)
        details = _validation_details(exc)
        first = details["errors"][0] if details["errors"] else {}
        where = first.get("field", "request")
        message = f"Invalid request: {where}: {first.get('msg', 'invalid value')}"
        return _respond(request, 422, ErrorCode.VALIDATION_ERROR, message, details)

    async def on_http_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400:
            # Starlette's body parser (e.g. invalid UTF-8): the client's mistake, like bad JSON.
            message = f"Invalid request body: {exc.detail}."
            return _respond(request, 422, ErrorCode.VALIDATION_ERROR, message, {})
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.SYSTEM_ERROR)
        message = str(exc.detail) if exc.detail else "HTTP error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"No such endpoint: {request.method} {request.url.path}"
        # A 405 must say which methods are allowed (RFC 9110); other headers are kept as sent.
        headers = _allow_header(request, exc.headers) if exc.status_code == 405 else exc.headers
        return _respond(request, exc.status_code, code, message, {}, headers)

    async def on_database_down(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, OperationalError)
        cause = str(exc.orig).lower()
        if any(sign in cause for sign in _BUSY):
            # A writer held the lock past the busy timeout: nothing is wrong with the request,
            # and it will most likely go through in a moment.
            log.warning("database busy: %s", str(exc.orig).strip().splitlines()[0])
            message = "The database is busy with other writes; try again in a few seconds."
            response = _respond(request, 503, ErrorCode.SERVICE_UNAVAILABLE, message,
                                {"retry_after_seconds": BUSY_RETRY_AFTER})  # fmt: skip
            response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
            return response
        if not exc.connection_invalidated and "connect" not in cause:
            raise exc  # a real fault: the middleware logs it and answers 500
        log.error("database unreachable: %s", str(exc.orig).strip().splitlines()[0])
        message = "The database is unreachable; try again shortly."
        return _respond(request, 503, ErrorCode.SERVICE_UNAVAILABLE, message, {})

    async def on_unstorable_value(request: Request, exc: Exception) -> Any:
        # Schemas refuse what a database cannot store (NUL, huge numbers); this is the net for
        # a field no schema constrains yet: the client's value, so a 422, never a 500.
        assert isinstance(exc, DataError)
        reason = str(exc.orig).strip().splitlines()[0][:200] if exc.orig else "refused"
        log.warning("database refused a request value: %s", reason)
        message = f"A value in the request cannot be stored: {reason}."
        return _respond(request, 422, ErrorCode.VALIDATION_ERROR, message, {})

    app.add_exception_handler(KbagentError, on_kbagent_error)
    app.add_exception_handler(DataError, on_unstorable_value)
    app.add_exception_handler(OperationalError, on_database_down)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)


# Declared on routes so /docs shows each error response with its schema.
def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "Not authenticated",
        403: "Permission denied",
        404: "Not found",
        409: "Duplicate",
        429: "Too many attempts",
        413: "Body too large",
        422: "Validation error",
        500: "Internal error",
        502: "A remote server failed",
        503: "A required part is down",
    }
    return {s: {"model": ErrorResponse, "description": descriptions[s]} for s in statuses}
