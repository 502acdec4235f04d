"""Safe HTTP GETs for URLs users hand in: address guard, timeouts, size, redirect and type caps.

Redirects are followed by hand so every hop is checked again; the connection goes to the
address the guard approved (TLS still verifies the original host name), which defeats DNS
rebinding. Environment proxies are ignored: a proxy would connect on our behalf unchecked.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from kbagent.config import Settings
from kbagent.errors import InvalidInput, PayloadTooLarge, ProcessingError
from kbagent.sources.ssrf import AddressGuard, Resolver, system_resolver

REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "kbagent/0.1 (+self-hosted knowledge base)"


class FetchFailed(ProcessingError):
    """The remote server could not be reached or answered with an error."""

    status_code = 502


@dataclass(frozen=True)
class FetchResponse:
    url: str
    status: int
    content_type: str
    body: bytes
    # The response's headers (lower-case names): a feed keeps its ETag and Last-Modified.
    headers: dict[str, str] = field(default_factory=dict)


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        address = self.guard.check(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def _transport(guard: AddressGuard) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    # httpx offers no public hook for the network backend; swap the pool it built.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=_GuardedBackend(guard)
    )
    return transport


class Fetcher:
    def __init__(self, settings: Settings, resolver: Resolver = system_resolver) -> None:
        self.settings = settings
        self.guard = AddressGuard(settings.fetch_allow_hosts, resolver)
        self.client = httpx.Client(
            transport=_transport(self.guard),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(settings.fetch_timeout_seconds),
            headers={"user-agent": USER_AGENT},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        accept: tuple[str, ...],
        max_bytes: int,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResponse:
        """GET `url`; `accept` lists allowed content-type prefixes. `headers` are sent with
        every hop (a conditional GET's If-None-Match); a 304 answer comes back with no body."""
        current = _parse(url)
        for _hop in range(self.settings.fetch_max_redirects + 1):
            self.guard.check(current.host, current.port or _default_port(current))
            try:
                with self.client.stream("GET", current, headers=headers) as response:
                    if response.status_code in REDIRECTS and "location" in response.headers:
                        current = _parse(str(current.join(response.headers["location"])))
                        continue
                    if response.status_code == 304 and headers:  # the answer to a conditional GET
                        return FetchResponse(str(response.url), 304, "", b"", _headers(response))
                    return _read(response, accept, max_bytes, self.settings)
            except httpx.TimeoutException:
                raise FetchFailed(f"Timed out fetching {current}.", {"url": str(current)}) from None
            except httpx.HTTPError as exc:
                raise FetchFailed(
                    f"Could not fetch {current}: {exc}.", {"url": str(current)}
                ) from None
        raise FetchFailed(
            f"Too many redirects (more than {self.settings.fetch_max_redirects}).", {"url": url}
        )


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError):
        raise InvalidInput(f"Not a valid URL: {url[:200]!r}.") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInput(f"Only http and https URLs can be fetched: {url[:200]!r}.")
    if parsed.userinfo:
        raise InvalidInput("URLs with a user name or password are refused.")
    return parsed


def screen(url: str, settings: Settings) -> None:
    """Refuse now what no fetch could ever reach: not http(s), credentials in the URL, or a
    literal private address. Names are resolved (and checked again) when fetched."""
    parsed = _parse(url)
    host = parsed.host.strip("[]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host.lower() != "localhost":
            return
    AddressGuard(settings.fetch_allow_hosts).check(
        parsed.host, parsed.port or _default_port(parsed)
    )


def _headers(response: httpx.Response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def _read(
    response: httpx.Response, accept: tuple[str, ...], max_bytes: int, settings: Settings
) -> FetchResponse:
    url = str(response.url)
    if response.status_code >= 400:
        raise FetchFailed(f"{url} answered HTTP {response.status_code}.", {"url": url})
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not content_type.startswith(accept):
        raise InvalidInput(
            f"{url} is {content_type or 'of no declared type'}, not one of {', '.join(accept)}.",
            {"url": url, "content_type": content_type},
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(
            f"{url} is larger than {max_bytes} bytes.", {"limit_bytes": max_bytes}
        )
    deadline = time.monotonic() + settings.fetch_timeout_seconds * 3
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(
                f"{url} is larger than {max_bytes} bytes.", {"limit_bytes": max_bytes}
            )
        if time.monotonic() > deadline:
            raise FetchFailed(f"{url} took too long to download.", {"url": url})
        chunks.append(chunk)
    return FetchResponse(
        url, response.status_code, content_type, b"".join(chunks), _headers(response)
    )
