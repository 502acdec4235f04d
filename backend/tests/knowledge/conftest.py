"""A real server with a test double for the embedder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import admin
from harness.runs import started_run
from harness.server import serve

from kbagent.config import Settings

from .fakes import HashEmbedder

ITEMS = "/api/v1/knowledge/items"


@pytest.fixture
def embedder(settings: Settings) -> HashEmbedder:
    return HashEmbedder(settings.embedding_dim)


@pytest.fixture
def kb(settings: Settings, embedder: HashEmbedder) -> Iterator[httpx.Client]:
    def configure(app: Any) -> None:
        app.state.kb_embedder = embedder

    with serve(settings, configure) as base, admin.Client(base_url=base, timeout=30) as client:
        yield client


def make_item(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"display_title": "An item", "enhanced_content": "Some text.", **fields}
    response = client.post(ITEMS, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def git_run(kb: httpx.Client) -> dict[str, Any]:
    """POST /vault/git starts a run (202); wait for it and return its git phase."""
    run = started_run(kb, "/api/v1/knowledge/vault/git")
    phases = {p["name"]: p for p in run["phases"]}
    assert list(phases) == ["export", "git"], phases
    return dict(phases["git"])
