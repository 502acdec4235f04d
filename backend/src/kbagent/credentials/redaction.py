"""Secret values never reach a log line or an API answer in clear.

`redact(text)` replaces every known secret value (settings' keys and passwords, every credential
kbagent sealed or unsealed in this process), `Authorization`/`Cookie` header values, bearer
tokens and `user:password@` in URLs with `***`. `RedactingFilter` applies it to each log record
(message, extra fields, traceback) at the handler, so every logger is covered; `mask(value)`
is how an API answer shows a configured secret (`****abcd`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr

MIN_SECRET = 8  # shorter values would redact ordinary words; real credentials are longer
_lock = threading.Lock()
_known: set[str] = set()
_pattern: re.Pattern[str] | None = None

_HEADERS = re.compile(
    r"(?P<name>\b(?:proxy-)?authorization|\bset-cookie|\bcookie|\bx-api-key|\bx-csrf-token)"
    r"(?P<sep>['\"]?\s*[:=,]\s*['\"]?)(?P<value>[^'\"\n]+)",
    re.I,
)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@", re.I)
_BEARER = re.compile(r"\b(bearer\s+)[A-Za-z0-9._~+/=-]+", re.I)
SECRET_FIELD = re.compile(
    r"(pass(word)?|secret|token|api[_-]?key|authorization|cookie|credential)", re.I
)


def remember(*values: str | SecretStr | None) -> None:
    """Add secret values to redact from now on (the process's lifetime)."""
    global _pattern
    fresh = []
    for value in values:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if text and len(text) >= MIN_SECRET and text not in _known:
            fresh.append(text)
    if not fresh:
        return
    with _lock:
        _known.update(fresh)
        ordered = sorted(_known, key=len, reverse=True)  # a longer secret before its prefix
        _pattern = re.compile("|".join(re.escape(v) for v in ordered))


def url_password(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return unquote(parts.password) if parts.password else None


def redact(text: str) -> str:
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub("***", text)
    text = _HEADERS.sub(r"\g<name>\g<sep>***", text)
    text = _URL_CREDENTIALS.sub(r"\g<scheme>***:***@", text)
    return _BEARER.sub(r"\1***", text)


def mask(value: str | SecretStr | None) -> str | None:
    """A configured secret as an API answer shows it: set or not, and its last characters."""
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    if not text:
        return None
    return "****" + text[-4:] if len(text) >= 16 else "****"


def redact_value(key: str, value: Any) -> Any:
    """An extra field of a log record or an answer: secret-named fields entirely."""
    if SECRET_FIELD.search(key):
        return "***"
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {str(k): redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(key, v) for v in value]
    return value


def redact_strings(value: Any) -> Any:
    """Every string inside a JSON-like value redacted (keys kept: `prompt_tokens` is a count)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_strings(v) for v in value]
    return value


_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RedactingFilter(logging.Filter):
    """On a handler: every record it emits is redacted, whichever logger made it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD and not key.startswith("_"):
                record.__dict__[key] = redact_value(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def remember_settings(settings: Any) -> None:
    """The secrets configured in settings (AI keys, the X app secret, the git remote's
    password, the sealing keys) are redacted from the start."""
    values: Iterable[Any] = (
        getattr(settings, "openai_api_key", None),
        getattr(settings, "x_client_secret", None),
        getattr(settings, "secret_key", None),
        url_password(_plain(getattr(settings, "vault_git_remote", None))),
        url_password(getattr(settings, "openai_base_url", None)),
        url_password(getattr(settings, "ollama_url", None)),
    )
    for value in values:
        text = _plain(value)
        if text:
            remember(*[part.strip() for part in text.split(",")], text)


def _plain(value: Any) -> str | None:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return value if isinstance(value, str) else None
