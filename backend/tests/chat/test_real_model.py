"""One end-to-end chat against the real llama.cpp server and the bundled model."""

from __future__ import annotations

import re
from typing import Any

from harness import admin
from harness.llama import LlamaServer
from harness.server import serve

from kbagent.config import Settings
from kbagent.knowledge.search.vectors import Embedder

from .conftest import MINILM, SESSIONS, add_item, ask, new_session


def test_grounded_chat_with_a_real_model(
    settings: Settings, llama_server: LlamaServer, minilm: Embedder
) -> None:
    configured = settings.model_copy(
        update={
            "openai_base_url": llama_server.base_url,
            "openai_json_mode": "json_object",
            "model_chat": "openai:smollm2",
            "model_embeddings": MINILM,
            # Ask the model although it is weak: its answer goes through the citation check.
            "chat_answer_strategy": "model",
        }
    )

    def configure(app: Any) -> None:
        app.state.kb_embedder = minilm

    with serve(configured, configure) as base, admin.Client(base_url=base, timeout=300) as client:
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
        # Whatever the model wrote, the stored answer cites the source: the model's own answer
        # if its citation is supported, else quotes of the source.
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", message["content"])}
        assert numbers == {1}
        assert message["sources"][0]["cited"] is True
        assert message["metrics"]["strategy"] in {"model", "extractive_fallback"}
        stored = client.get(f"{SESSIONS}/{session['id']}/messages").json()
        assert [(m["role"], m["status"]) for m in stored] == [
            ("user", "complete"),
            ("assistant", "complete"),
        ]
