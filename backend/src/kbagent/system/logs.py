"""Structured JSON logging with the current request id, and secrets redacted.

Every line is one JSON object. `request_id` comes from a context variable the request
middleware sets, so any log call made while handling a request carries it. The handler's
`RedactingFilter` (credentials/redaction.py) removes known secret values, `Authorization` and
cookie headers, bearer tokens and URL passwords from every record, whichever logger made it.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from kbagent.credentials.redaction import (
    RedactingFilter,
    redact,
    redact_value,
    remember_settings,
)

if TYPE_CHECKING:
    from kbagent.config import Settings

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def scrub(text: str) -> str:
    return redact(text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = redact_value(key, value)
        if record.exc_text or record.exc_info:
            text = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
            entry["exception"] = redact(text)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_handler(stream: TextIO) -> logging.Handler:
    """kbagent's log handler: one redacted JSON object per line."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    return handler


def configure_logging(level: str, settings: Settings | None = None) -> None:
    if settings is not None:
        remember_settings(settings)
    handler = log_handler(sys.stderr)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn's own access log duplicates ours (which carries the request id).
    logging.getLogger("uvicorn.access").disabled = True
    # trafilatura warns once per odd link or markup of every page it reads (hundreds per
    # manual page); what matters to the user, an empty extraction, kbagent reports itself.
    logging.getLogger("trafilatura").setLevel(max(logging.ERROR, root.level))
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
