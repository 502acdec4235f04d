"""The front gate and security headers, against real uvicorn on a loopback port.

A small app carries the same middleware stack as kbagent (gate, request context, headers) so
each rule is checked on its own; the last tests run the real application.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import HTMLResponse
from harness.ports import free_port
from harness.server import serve
from starlette.middleware.cors import CORSMiddleware
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from kbagent.config import DEFAULT_ALLOWED_HOSTS, Settings, SettingsError, load_settings
from kbagent.system.envelope import install_error_handlers
from kbagent.system.gate import GateMiddleware, client_address
from kbagent.system.middleware import RequestContextMiddleware
from kbagent.system.security_headers import SecurityHeadersMiddleware


def _app(settings: Settings) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origin_list),
            allow_credentials=True,
            allow_methods=["GET", "POST"],
        )
    app.add_middleware(GateMiddleware, settings=settings)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=4096)
    app.add_middleware(SecurityHeadersMiddleware)

    @app.get("/page")
    async def page() -> HTMLResponse:
        return HTMLResponse("<p>hi</p>")

    @app.api_route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(request: Request) -> dict[str, Any]:
        return {
            "client": client_address(request.scope),
            "request_client": request.client.host if request.client else None,
            "scheme": request.url.scheme,
            "host": request.headers.get("host"),
        }

    @app.websocket("/ws")
    async def ws(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("hello")
        await socket.close()

    return app


@contextmanager
def _serve(settings: Settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        _app(settings), host="127.0.0.1", port=port, log_config=None, proxy_headers=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _settings(tmp_path: Any, **overrides: str) -> Settings:
    return load_settings(data_dir=tmp_path, **{"allowed_hosts": DEFAULT_ALLOWED_HOSTS, **overrides})


@pytest.fixture
def default_base(tmp_path: Any) -> Iterator[str]:
    """The shipped defaults: loopback names only, no CORS origins, no trusted proxies."""
    with _serve(_settings(tmp_path)) as base:
        yield base


def _refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2", "10.0.0.5"])
def test_foreign_host_is_400(default_base: str, host: str) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 with its own name in Host."""
    for method in ("GET", "POST"):
        response = httpx.request(method, f"{default_base}/echo", headers={"host": host})
        _refused(response, 400, "host_not_allowed")


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:1234", "[::1]:80"])
def test_loopback_names_with_any_port_pass(default_base: str, host: str) -> None:
    response = httpx.get(f"{default_base}/echo", headers={"host": host})
    assert response.status_code == 200, response.text


def test_star_allows_every_host_and_ports_can_be_pinned(tmp_path: Any) -> None:
    with _serve(_settings(tmp_path, allowed_hosts="*")) as base:
        assert httpx.get(f"{base}/echo", headers={"host": "kb.example"}).status_code == 200
    pinned = _settings(tmp_path, allowed_hosts="kb.example:443,127.0.0.1")
    with _serve(pinned) as base:
        assert httpx.get(f"{base}/echo", headers={"host": "kb.example:443"}).status_code == 200
        _refused(
            httpx.get(f"{base}/echo", headers={"host": "kb.example:80"}), 400, "host_not_allowed"
        )
        _refused(httpx.get(f"{base}/echo", headers={"host": "kb.example"}), 400, "host_not_allowed")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1"])
def test_foreign_origin_on_unsafe_methods_is_403(
    default_base: str, method: str, origin: str
) -> None:
    response = httpx.request(method, f"{default_base}/echo", headers={"origin": origin})
    _refused(response, 403, "origin_not_allowed")


def test_same_origin_no_origin_and_safe_methods_pass(default_base: str) -> None:
    port = default_base.rsplit(":", 1)[1]
    for origin in (default_base, f"http://localhost:{port}", None):
        headers = {"host": f"localhost:{port}"} if origin and "localhost" in origin else {}
        if origin:
            headers["origin"] = origin
        assert httpx.post(f"{default_base}/echo", headers=headers).status_code == 200
    # A page may read nothing cross-site anyway (no CORS), but a GET is never refused.
    assert httpx.get(f"{default_base}/echo", headers={"origin": "https://evil.example"}).is_success


def test_cors_closed_by_default_and_opened_per_origin(tmp_path: Any) -> None:
    app_origin = "https://app.example.org"
    with _serve(_settings(tmp_path)) as base:
        got = httpx.get(f"{base}/echo", headers={"origin": app_origin})
        assert "access-control-allow-origin" not in got.headers
        refused = httpx.post(f"{base}/echo", headers={"origin": app_origin})
        _refused(refused, 403, "origin_not_allowed")
    with _serve(_settings(tmp_path, cors_origins=f"{app_origin}/")) as base:
        preflight = httpx.options(
            f"{base}/echo",
            headers={"origin": app_origin, "access-control-request-method": "POST"},
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == app_origin
        assert preflight.headers["access-control-allow-credentials"] == "true"
        posted = httpx.post(f"{base}/echo", headers={"origin": app_origin})
        assert posted.status_code == 200
        assert posted.headers["access-control-allow-origin"] == app_origin
        other = httpx.post(f"{base}/echo", headers={"origin": "https://evil.example"})
        _refused(other, 403, "origin_not_allowed")
        assert "access-control-allow-origin" not in other.headers


def _ws(url: str, origin: str | None, **headers: str) -> str:
    extra = {"Origin": origin} if origin else {}
    with connect(url, additional_headers={**extra, **headers}, open_timeout=10) as socket:
        return str(socket.recv(timeout=10))


def _handshake_status(base: str, host: str) -> int:
    """A WebSocket handshake sent by hand, with exactly this Host header."""
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            (
                f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        return int(sock.recv(1024).split(b" ", 2)[1])


def test_websocket_handshake_checks_origin_and_host(default_base: str) -> None:
    url = default_base.replace("http://", "ws://") + "/ws"
    assert _ws(url, None) == "hello"
    assert _ws(url, default_base) == "hello"
    with pytest.raises(InvalidStatus) as refused:
        _ws(url, "https://evil.example")
    assert refused.value.response.status_code == 403
    assert _handshake_status(default_base, default_base.removeprefix("http://")) == 101
    assert _handshake_status(default_base, "evil.example") == 403


def test_two_host_headers_are_refused(default_base: str) -> None:
    port = int(default_base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")


def test_forwarded_headers_ignored_unless_from_a_trusted_proxy(tmp_path: Any) -> None:
    forwarded = {
        "x-forwarded-for": "203.0.113.9, 198.51.100.7",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "kb.example.org",
    }
    with _serve(_settings(tmp_path)) as base:
        seen = httpx.get(f"{base}/echo", headers=forwarded)
        assert seen.status_code == 200
        assert seen.json() == {
            "client": "127.0.0.1",
            "request_client": "127.0.0.1",
            "scheme": "http",
            "host": base.removeprefix("http://"),
        }
        assert "strict-transport-security" not in seen.headers
    trusted = _settings(
        tmp_path,
        trusted_proxies="127.0.0.0/8, 198.51.100.0/24",
        allowed_hosts="kb.example.org,127.0.0.1",
    )
    with _serve(trusted) as base:
        seen = httpx.get(f"{base}/echo", headers=forwarded)
        assert seen.status_code == 200, seen.text
        # The nearest hop that is not a trusted proxy is the client.
        assert seen.json() == {
            "client": "203.0.113.9",
            "request_client": "203.0.113.9",
            "scheme": "https",
            "host": "kb.example.org",
        }
        assert seen.headers["strict-transport-security"].startswith("max-age=")
        # The forwarded Host is checked like a direct one, and so is the Origin against it.
        evil = httpx.get(f"{base}/echo", headers={**forwarded, "x-forwarded-host": "evil.example"})
        _refused(evil, 400, "host_not_allowed")
        own = httpx.post(f"{base}/echo", headers={**forwarded, "origin": "https://kb.example.org"})
        assert own.status_code == 200, own.text
        http_origin = httpx.post(
            f"{base}/echo", headers={**forwarded, "origin": "http://kb.example.org"}
        )
        _refused(http_origin, 403, "origin_not_allowed")


def test_security_headers_on_pages_data_and_errors(default_base: str) -> None:
    page = httpx.get(f"{default_base}/page")
    data = httpx.get(f"{default_base}/echo")
    missing = httpx.get(f"{default_base}/nowhere")
    refused = httpx.get(f"{default_base}/echo", headers={"host": "evil.example"})
    for response in (page, data, missing, refused):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "strict-transport-security" not in headers  # plain HTTP
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert data.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(
    ("name", "value", "where"),
    [
        ("allowed_hosts", "", "KBAGENT_ALLOWED_HOSTS"),
        ("allowed_hosts", "http://kb.example", "KBAGENT_ALLOWED_HOSTS"),
        ("cors_origins", "kb.example", "KBAGENT_CORS_ORIGINS"),
        ("cors_origins", "*", "KBAGENT_CORS_ORIGINS"),
        ("trusted_proxies", "10.0.0.0/33", "KBAGENT_TRUSTED_PROXIES"),
        ("trusted_proxies", "proxy.local", "KBAGENT_TRUSTED_PROXIES"),
    ],
)
def test_bad_door_settings_name_the_field(tmp_path: Any, name: str, value: str, where: str) -> None:
    with pytest.raises(SettingsError, match=where):
        load_settings(data_dir=tmp_path, **{name: value})


def test_defaults_are_closed() -> None:
    fields = Settings.model_fields
    assert fields["allowed_hosts"].default == "127.0.0.1,localhost,[::1]"
    assert fields["cors_origins"].default == ""
    assert fields["trusted_proxies"].default == ""


@pytest.mark.parametrize("db_kind", ["sqlite"])
def test_the_application_has_the_gate_and_headers(settings: Settings) -> None:
    with serve(settings) as base:
        home = httpx.get(f"{base}/")
        assert home.status_code == 200
        assert home.headers["content-security-policy"].startswith("default-src 'self'")
        assert home.headers["x-frame-options"] == "DENY"
        _refused(httpx.get(f"{base}/", headers={"host": "evil.example"}), 400, "host_not_allowed")
        foreign = httpx.post(
            f"{base}/api/v1/content/items", json={}, headers={"origin": "https://evil.example"}
        )
        _refused(foreign, 403, "origin_not_allowed")
        docs = httpx.get(f"{base}/docs")
        assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
        ws_url = base.replace("http://", "ws://") + "/ws"
        with pytest.raises(InvalidStatus) as refused:
            _ws(ws_url, "https://evil.example")
        assert refused.value.response.status_code == 403
