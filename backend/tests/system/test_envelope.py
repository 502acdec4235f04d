"""Errors outside kbagent's own: the framework's 405 and a value only the database refuses."""

from __future__ import annotations

from harness import admin


def test_405_is_the_envelope_and_says_what_is_allowed(base_url: str) -> None:
    response = admin.request("TRACE", f"{base_url}/api/v1/content/items", timeout=30)
    assert response.status_code == 405
    assert response.json()["error_code"] == "method_not_allowed"
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


def test_a_value_the_database_refuses_is_a_422_not_a_500(base_url: str) -> None:
    # The chat session title has no NUL check of its own: PostgreSQL refuses the NUL byte
    # (SQLite stores it), and either way the client hears about its value, not a 500.
    response = admin.post(
        f"{base_url}/api/v1/chat/sessions", json={"title": "nul \x00 title"}, timeout=30
    )
    assert response.status_code in (201, 422), response.text
    if response.status_code == 422:
        body = response.json()
        assert body["error_code"] == "validation_error" and "stored" in body["message"]


def test_a_request_that_is_not_http_gets_the_envelope_too(base_url: str) -> None:
    import json
    import socket

    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(b"GET /api/v1/system/health\x01bad HTTP/1.1\r\nHost: x\r\n\r\n")
        raw = b""
        while chunk := conn.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"content-type: application/json" in head.lower()
    envelope = json.loads(body)
    assert envelope["error_code"] == "validation_error" and envelope["request_id"]
    assert "Malformed HTTP request" in envelope["message"]
