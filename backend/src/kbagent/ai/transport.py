"""HTTP for the AI backends: split timeouts, retries with backoff, a hard cap per call.

Retried: connection errors, 429 and 5xx (honouring a short `Retry-After`). Not retried: a
read timeout (the model is slow, not down; retrying would double the wait) and other 4xx.
Errors of the first kind, and timeouts, are marked `retryable` once these retries are spent:
the server may be back later, so the pipeline waits and tries the item again.
Every response is read through `iter_bytes` so the hard cap (`max_duration`) holds even for a
server that trickles bytes forever.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from kbagent.errors import AIServiceError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Builds the AIServiceError for (model, cause); supplied by the backend.
ErrorFactory = Callable[[str | None, str], AIServiceError]


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 300.0
    max_duration: float = 1800.0
    max_retries: int = 3
    backoff_s: float = 0.5


def make_client(
    base_url: str, limits: Limits, headers: dict[str, str] | None = None
) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.connect_timeout,
    )
    return httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, headers=headers)


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace").strip()[:300] or "no body"
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data))
        if isinstance(err, dict):
            err = err.get("message", err)
        return str(err)[:300]
    return str(data)[:300]


class Transport:
    def __init__(self, client: httpx.Client, limits: Limits, error: ErrorFactory) -> None:
        self.client = client
        self.limits = limits
        self.error = error

    @contextmanager
    def open(
        self, method: str, path: str, model: str | None, body: Any = None, retry: bool = True
    ) -> Iterator[tuple[httpx.Response, float]]:
        """An open, successful response and the call's deadline; retries before any byte."""
        deadline = time.monotonic() + self.limits.max_duration
        attempt = 0 if retry else self.limits.max_retries
        while True:
            request = self.client.build_request(method, path, json=body)
            try:
                response = self.client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise self.transient(model, f"timed out ({type(exc).__name__})") from None
            except httpx.TransportError as exc:
                if attempt < self.limits.max_retries:
                    attempt = self._sleep(attempt, None, deadline)
                    continue
                cause = f"cannot connect: {exc or type(exc).__name__}"
                raise self.transient(model, cause) from None
            if response.status_code < 400:
                try:
                    yield response, deadline
                finally:
                    response.close()
                return
            content = self._read_capped(response, model, deadline, limit=64_000)
            response.close()
            status = response.status_code
            if status in RETRY_STATUSES and attempt < self.limits.max_retries:
                attempt = self._sleep(attempt, response.headers.get("retry-after"), deadline)
                continue
            cause = f"HTTP {status}: {_error_text(content)}"
            if status in RETRY_STATUSES:
                raise self.transient(model, cause)
            raise self.error(model, cause)

    def transient(self, model: str | None, cause: str) -> AIServiceError:
        """An error that may not recur: the server was down, overloaded or cut off."""
        error = self.error(model, cause)
        error.retryable = True
        return error

    def _sleep(self, attempt: int, retry_after: str | None, deadline: float) -> int:
        delay = self.limits.backoff_s * (2**attempt)
        if retry_after is not None and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), 30.0))
        if time.monotonic() + delay > deadline:
            delay = max(0.0, deadline - time.monotonic())
        time.sleep(delay)
        return attempt + 1

    def _read_capped(
        self, response: httpx.Response, model: str | None, deadline: float, limit: int | None = None
    ) -> bytes:
        body = bytearray()
        for chunk in self.iter_bytes(response, model, deadline):
            body += chunk
            if limit is not None and len(body) >= limit:
                break
        return bytes(body)

    def iter_bytes(
        self, response: httpx.Response, model: str | None, deadline: float
    ) -> Iterator[bytes]:
        try:
            for chunk in response.iter_bytes():
                yield chunk
                if time.monotonic() > deadline:
                    raise self.error(model, f"exceeded {self.limits.max_duration:g}s")
        except httpx.TimeoutException:
            cause = f"no reply within {self.limits.read_timeout:g}s"
            raise self.transient(model, cause) from None
        except httpx.TransportError as exc:
            cause = f"connection lost: {exc or type(exc).__name__}"
            raise self.transient(model, cause) from None

    def iter_lines(
        self, response: httpx.Response, model: str | None, deadline: float
    ) -> Iterator[str]:
        pending = b""
        for chunk in self.iter_bytes(response, model, deadline):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line.decode("utf-8", "replace").rstrip("\r")
        if pending:
            yield pending.decode("utf-8", "replace")

    def json(
        self, method: str, path: str, model: str | None, body: Any = None, retry: bool = True
    ) -> Any:
        with self.open(method, path, model, body, retry) as (response, deadline):
            content = self._read_capped(response, model, deadline)
        try:
            return json.loads(content)
        except ValueError:
            raise self.error(model, f"invalid JSON from server: {content[:200]!r}") from None
