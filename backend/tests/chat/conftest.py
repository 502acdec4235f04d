"""A real kbagent with a deterministic chat model and the bundled MiniLM embeddings.

Chat decides relevance with thresholds calibrated for MiniLM (chat/relevance.py), so the
chat tests embed with it, as a default installation does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from harness import admin
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.ai.local import MiniLMEmbedder
from kbagent.config import Settings
from kbagent.knowledge.search.vectors import Embedder

ITEMS = "/api/v1/knowledge/items"
SESSIONS = "/api/v1/chat/sessions"


@dataclass
class Chat:
    client: httpx.Client
    base: str
    settings: Settings


MINILM = "local:all-minilm-l6-v2"


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    model = MiniLMEmbedder()

    def embed(texts: Any) -> list[list[float]]:
        vectors: list[list[float]] = model.embed(list(texts))[0].tolist()
        return vectors

    return embed


def _serve(settings: Settings, model_url: str, embedder: Embedder) -> Iterator[Chat]:
    update = {**model_settings(model_url), "model_embeddings": MINILM, "ai_max_retries": 0}
    configured = settings.model_copy(update=update)

    def configure(app: Any) -> None:
        app.state.kb_embedder = embedder

    with (
        serve(configured, configure) as base,
        admin.Client(base_url=base, timeout=60) as client,
    ):
        yield Chat(client, base, configured)


@pytest.fixture
def model() -> Iterator[State]:
    with run_openai_server() as (url, state):
        state.url = url  # type: ignore[attr-defined]
        yield state


@pytest.fixture
def chat(settings: Settings, model: State, minilm: Embedder) -> Iterator[Chat]:
    yield from _serve(settings, model.url, minilm)  # type: ignore[attr-defined]


@pytest.fixture
def paced() -> Iterator[tuple[str, State]]:
    """A model server of its own, whose streaming pace and death the test controls."""
    with run_openai_server() as found:
        yield found


@pytest.fixture
def slow_chat(settings: Settings, paced: tuple[str, State], minilm: Embedder) -> Iterator[Chat]:
    yield from _serve(settings, paced[0], minilm)


def add_item(client: httpx.Client, title: str, text: str, **fields: Any) -> dict[str, Any]:
    body = {"display_title": title, "enhanced_content": text, **fields}
    response = client.post(ITEMS, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def new_session(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    response = client.post(SESSIONS, json=fields)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def ask(client: httpx.Client, session_id: str, content: str, **fields: Any) -> httpx.Response:
    return client.post(f"{SESSIONS}/{session_id}/messages", json={"content": content, **fields})


def seed_kb(client: httpx.Client) -> dict[str, dict[str, Any]]:
    items = {
        "k8s": add_item(
            client,
            "Kubernetes autoscaling",
            "The horizontal pod autoscaler adds pods when CPU load rises. "
            "Its cost grows with node count; cluster autoscaler removes idle nodes to save money.",
            main_category="devops",
            sub_category="kubernetes",
            source_url="https://example.com/k8s",
        ),
        "rust": add_item(
            client,
            "Rust borrow checker",
            "The borrow checker enforces that references never outlive their data.",
            main_category="programming",
            sub_category="rust",
        ),
        "pg": add_item(
            client,
            "PostgreSQL vacuum",
            "Vacuum reclaims dead tuples; autovacuum runs it in the background.",
            main_category="databases",
            sub_category="postgresql",
        ),
    }
    return items
