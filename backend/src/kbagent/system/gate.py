"""The front gate: who the client is, which Host the server answers to, which origins may drive it.

Plain ASGI, run before routing on every HTTP request and WebSocket handshake:

- **Forwarded headers** (`X-Forwarded-For/-Proto/-Host`) are believed only from a peer in
  `KBAGENT_TRUSTED_PROXIES`; then the scope's client, scheme and `Host` are rewritten, so
  `request.client`, `request.url` and cookies' `Secure` flag see what the browser saw.
  `client_address(scope)` is the one place logging, rate limits and the audit log read it from.
- **Host**: a name outside `KBAGENT_ALLOWED_HOSTS` gets 400 `host_not_allowed` (a WebSocket
  handshake 403, see below). A page on
  `evil.example` whose DNS is rebound to 127.0.0.1 reaches the server with `Host: evil.example`
  and is refused before any route runs.
- **Origin**: an unsafe method (POST/PUT/PATCH/DELETE) or a WebSocket handshake carrying an
  `Origin` that is neither the request's own origin nor in `KBAGENT_CORS_ORIGINS` gets 403
  `origin_not_allowed` (a WebSocket is closed before accept, which the client sees as 403).
  Requests without `Origin` (scripts, curl, server-side calls) are not browser-driven and pass.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from kbagent.config import Settings
from kbagent.errors import HostNotAllowed, KbagentError, OriginNotAllowed
from kbagent.system.envelope import error_body

log = logging.getLogger("kbagent.gate")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WS_REFUSED = 4403  # closed before accept: uvicorn answers the handshake with 403
_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
_HTTP_SCHEME = {"ws": "http", "wss": "https"}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(scope: Scope) -> str:
    """The client's address: the peer, or what a trusted proxy said it forwarded for."""
    state = scope.get("state") or {}
    found = state.get("client_address")
    if isinstance(found, str):
        return found
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def split_host(host: str) -> tuple[str, str | None]:
    """`name[:port]` (or `[v6]:port`) as (lowercase name, port or None)."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        if end == -1:
            return host, None
        name, rest = host[: end + 1], host[end + 1 :]
        return name, rest[1:] if rest.startswith(":") else None
    if host.count(":") == 1:
        name, port = host.split(":")
        return name, port
    return host, None


def _origin(scheme: str, host: str) -> str:
    """`scheme://host[:port]`, the default port dropped, as browsers send `Origin`."""
    name, port = split_host(host)
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{name}"
    return f"{scheme}://{name}:{port}"


def _normal_origin(origin: str) -> str:
    scheme, sep, rest = origin.strip().lower().partition("://")
    return _origin(scheme, rest.rstrip("/")) if sep else origin


class HostRule:
    def __init__(self, entries: Iterable[str]) -> None:
        self.any = False
        self.names: set[str] = set()
        self.exact: set[tuple[str, str]] = set()
        for entry in entries:
            if entry == "*":
                self.any = True
                continue
            name, port = split_host(entry)
            if port is None:
                self.names.add(name)
            else:
                self.exact.add((name, port))

    def allows(self, host: str) -> bool:
        if self.any:
            return True
        name, port = split_host(host)
        return name in self.names or (port is not None and (name, port) in self.exact)


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _last(value: bytes) -> str:
    return value.decode("latin-1").split(",")[-1].strip()


class GateMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = HostRule(settings.allowed_host_list)
        self.origins = frozenset(_normal_origin(o) for o in settings.cors_origin_list)
        self.proxies = settings.trusted_proxy_networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
        self._resolve_client(scope, headers)
        hosts = [v.decode("latin-1") for k, v in headers if k == b"host"]
        host = hosts[0] if hosts else None
        if len(hosts) > 1:  # RFC 9112: a request with two Host headers is refused
            host = ",".join(hosts)
        # No Host at all (HTTP/1.0 health probes) is no browser, so no rebinding either.
        if host is not None and not self.hosts.allows(host):
            await self._refuse(
                scope, send, HostNotAllowed(_host_message(host), {"host": host[:100]})
            )
            return
        origin = next((v.decode("latin-1") for k, v in headers if k == b"origin"), None)
        checked = kind == "websocket" or scope.get("method") in UNSAFE_METHODS
        if checked and origin is not None and not self._origin_allowed(scope, host, origin):
            await self._refuse(
                scope,
                send,
                OriginNotAllowed(
                    "Requests from this origin are not allowed; add it to "
                    "KBAGENT_CORS_ORIGINS to let that site use the API.",
                    {"origin": origin[:200]},
                ),
            )
            return
        await self.app(scope, receive, send)

    def _resolve_client(self, scope: Scope, headers: list[tuple[bytes, bytes]]) -> None:
        client = scope.get("client")
        peer = str(client[0]) if client else "unknown"
        state = scope.setdefault("state", {})
        state["client_address"] = peer
        if not self.proxies or not _in(peer, self.proxies):
            return
        found = {k: v for k, v in headers if k.startswith(b"x-forwarded-")}
        forwarded_for = found.get(b"x-forwarded-for")
        if forwarded_for:
            # The nearest hop not itself a trusted proxy: entries further left are whatever
            # the client chose to send.
            hops = [h.strip() for h in forwarded_for.decode("latin-1").split(",") if h.strip()]
            address = next((h for h in reversed(hops) if not _in(h, self.proxies)), hops[0])
            state["client_address"] = address
            scope["client"] = (address, client[1] if client else 0)
        proto = found.get(b"x-forwarded-proto")
        if proto:
            value = _last(proto).lower()
            if value in ("http", "https"):
                secure = value == "https"
                if scope["type"] == "websocket":
                    scope["scheme"] = "wss" if secure else "ws"
                else:
                    scope["scheme"] = value
        forwarded_host = found.get(b"x-forwarded-host")
        if forwarded_host:
            public = _last(forwarded_host).encode("latin-1")
            scope["headers"] = [(k, public if k == b"host" else v) for k, v in headers]
            if not any(k == b"host" for k, _ in headers):
                scope["headers"].append((b"host", public))
            headers[:] = scope["headers"]

    def _origin_allowed(self, scope: Scope, host: str | None, origin: str) -> bool:
        normal = _normal_origin(origin)
        if normal in self.origins:
            return True
        if host is None:
            return False
        scheme = str(scope.get("scheme") or "http")
        return normal == _origin(_HTTP_SCHEME.get(scheme, scheme), host)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, error: KbagentError) -> None:
        log.warning(
            error.message,
            extra={
                "error_code": error.error_code.value,
                "path": scope.get("path"),
                "client": client_address(scope),
                **{k: v for k, v in error.details.items() if isinstance(v, str)},
            },
        )
        if scope["type"] == "websocket":
            # Closed before accept: the server answers the handshake with 403. (Answering it
            # with our own 400 through `websocket.http.response` makes uvicorn log an error.)
            await send({"type": "websocket.close", "code": WS_REFUSED})
            return
        state: dict[str, Any] = scope.get("state") or {}
        request_id = str(state.get("request_id") or uuid.uuid4().hex)
        status, body = error_body(error, request_id)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _host_message(host: str) -> str:
    return (
        f"This server does not answer to the host name {host[:100]!r}; add it to "
        "KBAGENT_ALLOWED_HOSTS if it is yours."
    )
