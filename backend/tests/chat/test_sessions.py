"""Sessions over HTTP: create, list, rename, auto-title, archive and restore, delete; bad input."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import SESSIONS, Chat, add_item, ask, new_session


def _envelope(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["success"] is False
    assert body["error_code"] == code
    assert body["message"] and body["request_id"] and body["timestamp"]
    return body


def test_session_lifecycle(chat: Chat) -> None:
    client = chat.client
    add_item(client, "Rust borrow checker", "The borrow checker enforces reference lifetimes.")
    session = new_session(client)
    assert session["title"] is None and session["message_count"] == 0

    reply = ask(client, session["id"], "How does the Rust borrow checker treat references?")
    assert reply.status_code == 200, reply.text
    got = client.get(f"{SESSIONS}/{session['id']}").json()
    assert got["title"] == "How does the Rust borrow checker treat references?"
    assert got["message_count"] == 2

    renamed = client.patch(f"{SESSIONS}/{session['id']}", json={"title": "Rust notes"})
    assert renamed.status_code == 200 and renamed.json()["title"] == "Rust notes"
    chosen = client.patch(f"{SESSIONS}/{session['id']}", json={"model": "openai:writer"})
    assert chosen.json()["model"] == "openai:writer"

    other = new_session(client, title="Second")
    archived = client.patch(f"{SESSIONS}/{other['id']}", json={"is_archived": True})
    assert archived.json()["is_archived"] is True
    active = client.get(SESSIONS, params={"archived": False}).json()
    assert [s["id"] for s in active["items"]] == [session["id"]]
    assert client.get(SESSIONS).json()["total"] == 2
    restored = client.patch(f"{SESSIONS}/{other['id']}", json={"is_archived": False})
    assert restored.json()["is_archived"] is False

    messages = client.get(f"{SESSIONS}/{session['id']}/messages").json()
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["status"] == "complete" and messages[1]["model_used"] == "openai:writer"

    assert client.delete(f"{SESSIONS}/{session['id']}").status_code == 204
    _envelope(client.get(f"{SESSIONS}/{session['id']}"), 404, "not_found")
    _envelope(client.get(f"{SESSIONS}/{session['id']}/messages"), 404, "not_found")


def test_long_first_question_gets_a_short_title(chat: Chat) -> None:
    session = new_session(chat.client)
    question = "Explain " + " ".join(["something"] * 30)
    assert ask(chat.client, session["id"], question).status_code == 200
    title = chat.client.get(f"{SESSIONS}/{session['id']}").json()["title"]
    assert title.endswith("…") and len(title) <= 61 and title.startswith("Explain something")


def test_bad_input_gets_the_error_envelope(chat: Chat) -> None:
    client = chat.client
    session = new_session(client)
    _envelope(ask(client, session["id"], ""), 422, "validation_error")
    _envelope(ask(client, session["id"], "   \n "), 422, "validation_error")
    _envelope(ask(client, session["id"], "x" * 100_000), 422, "validation_error")
    _envelope(ask(client, "no-such-session", "hello there"), 404, "not_found")
    _envelope(ask(client, session["id"], "hi", model="not a model"), 422, "validation_error")
    client.patch(f"{SESSIONS}/{session['id']}", json={"is_archived": True})
    body = _envelope(ask(client, session["id"], "hello there"), 422, "validation_error")
    assert body["details"]["reason"] == "archived"
    _envelope(client.patch(f"{SESSIONS}/nope", json={"title": "x"}), 404, "not_found")
    _envelope(client.post("/api/v1/chat/messages/nope/retry"), 404, "not_found")
    _envelope(client.post("/api/v1/chat/messages/nope/cancel"), 404, "not_found")
    # Nothing was stored by the refused messages.
    assert client.get(f"{SESSIONS}/{session['id']}").json()["message_count"] == 0
