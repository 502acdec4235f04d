"""One end-to-end chat against the real llama.cpp server and the bundled model."""

from __future__ import annotations

import re
from typing import Any

import httpx
from harness.llama import LlamaServer
from harness.server import serve
from knowledge.fakes import HashEmbedder

from kbagent.config import Settings

from .conftest import SESSIONS, add_item, ask, new_session


def test_grounded_chat_with_a_real_model(settings: Settings, llama_server: LlamaServer) -> None:
    configured = settings.model_copy(
        update={
            "openai_base_url": llama_server.base_url,
            "openai_json_mode": "json_object",
            "model_chat": "openai:smollm2",
        }
    )

    def configure(app: Any) -> None:
        app.state.kb_embedder = HashEmbedder(settings.embedding_dim)

    with serve(configured, configure) as base, httpx.Client(base_url=base, timeout=300) as client:
        item = add_item(
            client,
            "Sourdough starter feeding",
            "Feed a sourdough starter equal weights of flour and water every 12 hours "
            "and keep it at room temperature.",
        )
        session = new_session(client)
        reply = ask(client, session["id"], "How often should I feed my sourdough starter?")
        assert reply.status_code == 200, reply.text
        message = reply.json()["message"]
        assert message["status"] == "complete" and message["content"].strip()
        assert message["model_used"] == "openai:smollm2"
        assert [s["id"] for s in message["sources"]] == [item["id"]]
        assert message["metrics"]["ttft_ms"] > 0 and message["metrics"]["chunks"] > 0
        # Whatever the model cites, only citations of offered sources survive.
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", message["content"])}
        assert numbers <= {1}
        stored = client.get(f"{SESSIONS}/{session['id']}/messages").json()
        assert [(m["role"], m["status"]) for m in stored] == [
            ("user", "complete"),
            ("assistant", "complete"),
        ]
