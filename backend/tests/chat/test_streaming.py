"""Streaming over a real WebSocket and Server-Sent Events to a real uvicorn; cancel; failure."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from harness import admin
from harness.openai_server import State
from websockets.sync.client import ClientConnection

from .conftest import SESSIONS, Chat, new_session, seed_kb


@contextmanager
def _ws(chat: Chat) -> Iterator[ClientConnection]:
    with admin.connect(chat.base.replace("http", "ws", 1) + "/ws", open_timeout=10) as socket:
        first = json.loads(socket.recv(timeout=10))
        assert first["type"] == "snapshot"  # the run events are still there
        yield socket


def _until(socket: ClientConnection, kinds: set[str]) -> list[dict[str, Any]]:
    events = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event = json.loads(socket.recv(timeout=30))
        if not event["type"].startswith("chat."):
            continue
        events.append(event)
        if event["type"] in kinds:
            return events
    raise AssertionError(f"no {kinds} in {events}")


def test_websocket_streams_tokens_then_done(chat: Chat) -> None:
    items = seed_kb(chat.client)
    session = new_session(chat.client)
    with _ws(chat) as socket:
        socket.send(
            json.dumps(
                {
                    "type": "chat.send",
                    "payload": {"session_id": session["id"], "content": "Rust borrow checker?"},
                }
            )
        )
        events = _until(socket, {"chat.done", "chat.failed", "chat.error"})
    kinds = [e["type"] for e in events]
    assert kinds[0] == "chat.typing" and kinds[-1] == "chat.done"
    tokens = [e["payload"]["text"] for e in events if e["type"] == "chat.token"]
    assert len(tokens) > 3
    message = events[-1]["payload"]["message"]
    assert "".join(tokens).strip() == message["content"].strip()
    assert [s["id"] for s in message["sources"] if s["cited"]] == [items["rust"]["id"]]
    stored = chat.client.get(f"{SESSIONS}/{session['id']}/messages").json()
    assert stored[-1]["id"] == message["id"] and stored[-1]["status"] == "complete"


def test_websocket_bad_input_gets_the_envelope(chat: Chat) -> None:
    session = new_session(chat.client)
    chat.client.patch(f"{SESSIONS}/{session['id']}", json={"is_archived": True})
    cases = [
        ({"session_id": session["id"], "content": ""}, "validation_error"),
        ({"session_id": session["id"], "content": "x" * 100_000}, "validation_error"),
        ({"session_id": "nope", "content": "hello"}, "not_found"),
        ({"session_id": session["id"], "content": "hello"}, "validation_error"),
    ]
    with _ws(chat) as socket:
        for payload, code in cases:
            socket.send(json.dumps({"type": "chat.send", "payload": payload}))
            error = _until(socket, {"chat.error"})[-1]["payload"]
            assert error["success"] is False and error["error_code"] == code, error
        socket.send(json.dumps({"type": "chat.cancel", "payload": {"message_id": "nope"}}))
        assert _until(socket, {"chat.error"})[-1]["payload"]["error_code"] == "not_found"


def test_websocket_cancel_mid_answer(slow_chat: Chat, paced: tuple[str, State]) -> None:
    chat, pace = slow_chat, paced[1]
    pace.word_delay, pace.padding = 0.05, 400  # a 20-second answer
    seed_kb(chat.client)
    session = new_session(chat.client)
    with _ws(chat) as socket:
        socket.send(
            json.dumps(
                {
                    "type": "chat.send",
                    "payload": {"session_id": session["id"], "content": "Rust borrow checker?"},
                }
            )
        )
        events = _until(socket, {"chat.token"})
        message_id = events[0]["payload"]["message_id"]
        socket.send(json.dumps({"type": "chat.cancel", "payload": {"message_id": message_id}}))
        events += _until(socket, {"chat.cancelled", "chat.done", "chat.failed"})
    # Cancelled, not finished: the 400-word answer would end in `chat.done`.
    assert events[-1]["type"] == "chat.cancelled"
    message = events[-1]["payload"]["message"]
    assert message["status"] == "cancelled" and message["id"] == message_id
    stored = chat.client.get(f"{SESSIONS}/{session['id']}/messages").json()
    assert stored[-1]["status"] == "cancelled"
    assert len(stored[-1]["content"].split()) < 400  # what was said so far, not the whole answer


def _sse(response: httpx.Response) -> list[tuple[str, dict[str, Any]]]:
    events = []
    kind = ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            events.append((kind, json.loads(line[6:])))
    return events


def test_server_sent_events_and_rest_cancel(slow_chat: Chat, paced: tuple[str, State]) -> None:
    chat, pace = slow_chat, paced[1]
    seed_kb(chat.client)
    session = new_session(chat.client)
    url = f"{SESSIONS}/{session['id']}/messages"
    body = {"content": "How does the Rust borrow checker work?"}
    with chat.client.stream("POST", url, json=body, headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = _sse(r)
    assert events[0][0] == "chat.typing" and events[-1][0] == "chat.done"
    assert sum(1 for k, _ in events if k == "chat.token") > 3

    pace.word_delay, pace.padding = 0.05, 400
    seen: list[tuple[str, dict[str, Any]]] = []
    with chat.client.stream("POST", url + "?stream=true", json=body) as r:
        kind = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                seen.append((kind, json.loads(line[6:])))
                if kind == "chat.token" and sum(1 for k, _ in seen if k == "chat.token") == 3:
                    message_id = seen[0][1]["message_id"]
                    cancel = admin.post(f"{chat.base}/api/v1/chat/messages/{message_id}/cancel")
                    assert cancel.status_code == 202, cancel.text
    assert seen[-1][0] == "chat.cancelled"
    assert seen[-1][1]["message"]["status"] == "cancelled"


def test_backend_dying_mid_stream_stores_a_failed_answer(
    slow_chat: Chat, paced: tuple[str, State]
) -> None:
    chat, pace = slow_chat, paced[1]
    pace.die_after = 3
    seed_kb(chat.client)
    session = new_session(chat.client)
    with _ws(chat) as socket:
        socket.send(
            json.dumps(
                {
                    "type": "chat.send",
                    "payload": {"session_id": session["id"], "content": "Rust borrow checker?"},
                }
            )
        )
        events = _until(socket, {"chat.done", "chat.failed", "chat.cancelled"})
    assert events[-1]["type"] == "chat.failed"
    failed = events[-1]["payload"]
    assert failed["message"]["status"] == "failed" and failed["message"]["error"]
    assert failed["retry"] == f"/api/v1/chat/messages/{failed['message']['id']}/retry"
    stored = chat.client.get(f"{SESSIONS}/{session['id']}/messages").json()
    assert [m["status"] for m in stored] == ["complete", "failed"]

    pace.die_after = None
    retried = chat.client.post(failed["retry"])
    assert retried.status_code == 200 and retried.json()["status"] == "complete"
    stored = chat.client.get(f"{SESSIONS}/{session['id']}/messages").json()
    assert [m["status"] for m in stored] == ["complete", "complete"]


def test_a_replaced_answer_is_announced_before_done(chat: Chat, model: State) -> None:
    items = seed_kb(chat.client)
    session = new_session(chat.client)
    model.reply = "Try the borrowck_disable() function to turn it off."  # invented, uncited
    with _ws(chat) as socket:
        socket.send(
            json.dumps(
                {
                    "type": "chat.send",
                    "payload": {"session_id": session["id"], "content": "Rust borrow checker?"},
                }
            )
        )
        events = _until(socket, {"chat.done", "chat.failed", "chat.error"})
    kinds = [e["type"] for e in events]
    assert kinds[-2:] == ["chat.replaced", "chat.done"], kinds
    streamed = "".join(e["payload"]["text"] for e in events if e["type"] == "chat.token")
    assert "borrowck_disable" in streamed  # the model's words went out as they came...
    message = events[-1]["payload"]["message"]
    assert events[-2]["payload"]["text"] == message["content"]  # ...and were then replaced
    assert "borrowck_disable" not in message["content"]
    assert [s["id"] for s in message["sources"] if s["cited"]] == [items["rust"]["id"]]
