"""Every route of the OpenAPI document, and the WebSocket, is behind the guard: a new
endpoint cannot slip through unprotected or under the wrong role.

The expectations are written here, independently of `kbagent.auth.policy`: no credentials
-> 401 everywhere but the public routes; a viewer -> 403 on every unsafe method but the
read-only POSTs and the own-session routes; an editor -> 403 on every admin route.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from auth.conftest import Account, anon

API = "/api/v1"
PUBLIC = {
    ("GET", f"{API}/auth/status"),
    ("POST", f"{API}/auth/setup"),
    ("POST", f"{API}/auth/login"),
    ("POST", f"{API}/auth/refresh"),
    ("GET", f"{API}/system/health"),
}
VIEWER_MAY_POST = {
    ("POST", f"{API}/content/search"),  # reads
    ("POST", f"{API}/auth/logout"),  # own session and keys
    ("POST", f"{API}/auth/password"),
    ("POST", f"{API}/auth/keys"),
    ("DELETE", f"{API}/auth/keys/{{key_id}}"),
}
ADMIN_ONLY = re.compile(
    rf"^{API}/(users(/.*)?|system/audit|system/backups(/.*)?|settings(/.*)?|migration(/.*)?|legacy/.*|sources/x/(authorize|callback))$"
    r"|^/metrics$"  # Prometheus' scrape: what the instance holds and does
)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _operations(base: str) -> list[tuple[str, str, str]]:
    """(method, path template, concrete URL) for every operation of the document."""
    spec = anon.get(f"{base}/openapi.json", timeout=30).json()
    found = []
    for template, operations in spec["paths"].items():
        for method, operation in operations.items():
            url = template
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    kind = param.get("schema", {}).get("type")
                    value = "1" if kind == "integer" else "no-such-id"
                    url = url.replace("{" + param["name"] + "}", value)
            found.append((method.upper(), template, base + url))
    return found


def _send(method: str, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return anon.request(method, url, headers=headers, timeout=60)


def test_every_route_is_guarded(base_url: str, accounts: dict[str, Account]) -> None:
    operations = _operations(base_url)
    templates = {(m, t) for m, t, _ in operations}
    assert templates >= PUBLIC, "a public route is missing from the document"
    counts = {"routes": len(operations), "public": 0, "401": 0, "viewer_403": 0,
              "editor_403": 0, "viewer_allowed_reads": 0}  # fmt: skip
    viewer, editor = accounts["viewer"], accounts["editor"]
    for method, template, url in operations:
        if (method, template) in PUBLIC:
            # Open, and answering for itself (refresh without a token says session_expired).
            opened = _send(method, url)
            assert opened.status_code < 500, (method, template)
            if opened.status_code >= 400:
                assert opened.json()["error_code"] != "not_authenticated", (method, template)
            counts["public"] += 1
            continue
        anonymous = _send(method, url)
        assert anonymous.status_code == 401, (method, template, anonymous.text[:200])
        assert anonymous.json()["error_code"] == "not_authenticated"
        counts["401"] += 1
        admin_only = bool(ADMIN_ONLY.match(template))
        if (method in UNSAFE and (method, template) not in VIEWER_MAY_POST) or admin_only:
            refused = _send(method, url, viewer.headers)
            assert refused.status_code == 403, (method, template, refused.text[:200])
            assert refused.json()["error_code"] == "forbidden"
            counts["viewer_403"] += 1
        elif method == "GET":
            allowed = _send(method, url, viewer.headers)
            assert allowed.status_code not in (401, 403), (method, template, allowed.text[:200])
            counts["viewer_allowed_reads"] += 1
        if admin_only:
            refused = _send(method, url, editor.headers)
            assert refused.status_code == 403, (method, template, refused.text[:200])
            counts["editor_403"] += 1
    print("route walk:", json.dumps(counts))
    assert counts["401"] == counts["routes"] - len(PUBLIC)
    assert counts["editor_403"] >= 10  # users (4), audit, X connect (2), settings (3), /metrics
    assert counts["viewer_403"] > 30


def _ws(base: str, **kwargs: Any) -> str:
    return base.replace("http", "ws", 1) + "/ws"


def test_websocket_refuses_without_credentials(base_url: str) -> None:
    with connect(_ws(base_url), open_timeout=10) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_websocket_refuses_a_forged_token(base_url: str) -> None:
    url = _ws(base_url) + "?token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."
    with connect(url, open_timeout=10) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_websocket_checks_the_role_per_message(base_url: str, accounts: dict[str, Account]) -> None:
    token = accounts["viewer"].session["access_token"]
    with connect(_ws(base_url) + f"?token={token}", open_timeout=10) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        ws.send(json.dumps({"type": "chat.send", "payload": {"session_id": "x", "content": "hi"}}))
        refusal = json.loads(ws.recv(timeout=10))
        assert refusal["type"] == "error"
        assert refusal["payload"]["error_code"] == "forbidden"
    editor = accounts["editor"].headers
    with connect(_ws(base_url), additional_headers=editor, open_timeout=10) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        ws.send(json.dumps({"type": "chat.send", "payload": {"session_id": "x", "content": "hi"}}))
        answer = json.loads(ws.recv(timeout=10))
        assert answer["type"] == "chat.error"  # allowed: the chat side answers (no session x)
        assert answer["payload"]["error_code"] == "not_found"


def test_websocket_closes_when_the_session_is_revoked(
    base_url: str, accounts: dict[str, Account]
) -> None:
    viewer = accounts["viewer"]
    with connect(_ws(base_url), additional_headers=viewer.headers, open_timeout=10) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
        logout = anon.post(f"{base_url}{API}/auth/logout", headers=viewer.headers, timeout=30)
        assert logout.status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
