"""An admin's settings change reaches the next chat answer without a restart: the chat's
OpenAI-compatible server is replaced through `PUT /api/v1/settings`, and the next answer is
asked of the new server."""

from __future__ import annotations

from harness.openai_server import State, run_openai_server

from .conftest import Chat, ask, new_session, seed_kb


def test_the_next_answer_uses_the_new_settings(chat: Chat, model: State) -> None:
    client = chat.client
    seed_kb(client)
    session = new_session(client)
    question = "How does the horizontal pod autoscaler react to CPU load?"
    assert ask(client, session["id"], question).status_code == 200
    asked_first = model.chat_requests
    assert asked_first > 0

    with run_openai_server() as (other_url, other):
        changed = client.put(
            "/api/v1/settings",
            json={"openai_base_url": other_url, "chat_answer_strategy": "model"},
        )
        assert changed.status_code == 200, changed.text
        reply = ask(client, session["id"], question)
        assert reply.status_code == 200, reply.text
        assert other.chat_requests > 0
    assert model.chat_requests == asked_first  # the first server was not asked again
    messages = client.get(f"/api/v1/chat/sessions/{session['id']}/messages").json()
    assert messages[-1]["status"] == "complete"
    assert messages[-1]["model_used"] == "openai:writer"
