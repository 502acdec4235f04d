"""Synthesis runs over HTTP: thresholds, citations, and only stale documents regenerated.

Generation is a run (`POST /knowledge/synthesis/generate` answers 202); the synthesis model is
the OpenAI-compatible stand-in, whose request count shows what was (re)written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import admin
from harness.openai_server import State, model_settings, run_openai_server
from harness.runs import started_run
from harness.server import serve

from kbagent.config import Settings

from .conftest import ITEMS, make_item
from .fakes import HashEmbedder

SYNTHESIS = "/api/v1/knowledge/synthesis"


@pytest.fixture
def model() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


@pytest.fixture
def kb(settings: Settings, model: tuple[str, State]) -> Iterator[httpx.Client]:
    configured = settings.model_copy(update={**model_settings(model[0]), "ai_max_retries": 0})

    def configure(app: Any) -> None:
        app.state.kb_embedder = HashEmbedder(settings.embedding_dim)

    with serve(configured, configure) as base, admin.Client(base_url=base, timeout=30) as client:
        yield client


def _generate(kb: httpx.Client, force: bool = False) -> dict[str, Any]:
    """Start a synthesis run, wait for it, and return its synthesis phase."""
    run = started_run(kb, f"{SYNTHESIS}/generate", force=force)
    phases = {p["name"]: p for p in run["phases"]}
    assert list(phases) == ["synthesis", "export"], run  # the vault follows the syntheses
    return dict(phases["synthesis"])


def test_only_stale_syntheses_are_regenerated(
    kb: httpx.Client, model: tuple[str, State], settings: Settings
) -> None:
    assert settings.synthesis_min_items == 3 and settings.synthesis_min_subcategories == 2
    python = [
        make_item(kb, display_title=f"Py {n}", main_category="code", sub_category="python")
        for n in range(3)
    ]
    for n in range(3):
        make_item(kb, display_title=f"Rs {n}", main_category="code", sub_category="rust")
    make_item(kb, display_title="Lonely", main_category="code", sub_category="go")

    first = _generate(kb)["outcome"]
    assert sorted(first["generated"]) == ["code", "code/python", "code/rust"]
    assert model[1].chat_requests - model[1].self_tests == 3
    docs = {(d["main_category"], d["sub_category"]): d for d in kb.get(SYNTHESIS).json()}
    sub = docs[("code", "python")]
    assert not sub["is_stale"] and sub["item_count"] == 3
    assert sub["model"] == "openai:writer"  # every result records the model that made it
    assert set(sub["source_item_ids"]) == {i["id"] for i in python}
    # Sources come with their titles (the web app lists them by name, not by id).
    assert sorted((r["kind"], r["title"]) for r in sub["sources"]) == [
        ("item", "Py 0"),
        ("item", "Py 1"),
        ("item", "Py 2"),
    ]
    main = docs[("code", None)]
    assert {r["kind"] for r in main["sources"]} == {"synthesis"}, main["sources"]
    assert "## Key insights" in sub["content"]
    assert docs[("code", None)]["item_count"] == 2
    assert ("code", "go") not in docs

    again = _generate(kb)["outcome"]
    assert again["generated"] == [] and again["up_to_date"] == 3
    assert model[1].chat_requests - model[1].self_tests == 3  # nothing stale: no call

    kb.put(f"{ITEMS}/{python[0]['id']}", json={"enhanced_content": "changed"}).raise_for_status()
    stale = {
        (d["main_category"], d["sub_category"]): d["is_stale"] for d in kb.get(SYNTHESIS).json()
    }
    assert stale == {("code", "python"): True, ("code", "rust"): False, ("code", None): False}
    third = _generate(kb)["outcome"]
    # The python synthesis changed, so the main-category synthesis over it is stale too.
    assert sorted(third["generated"]) == ["code", "code/python"]
    assert model[1].chat_requests - model[1].self_tests == 5
    forced = _generate(kb, force=True)["outcome"]
    assert sorted(forced["generated"]) == ["code", "code/python", "code/rust"]


def test_generation_with_the_synthesis_model_down(settings: Settings) -> None:
    from harness.ports import free_port

    dead = settings.model_copy(
        update={
            "openai_base_url": f"http://127.0.0.1:{free_port()}/v1",
            "model_synthesis": "openai:writer",
            "ai_max_retries": 0,
            "synthesis_min_items": 1,
        }
    )

    def configure(app: Any) -> None:
        app.state.kb_embedder = HashEmbedder(settings.embedding_dim)

    with serve(dead, configure) as base, admin.Client(base_url=base, timeout=60) as kb:
        body = {
            "display_title": "Item",
            "enhanced_content": "Text.",
            "main_category": "ai",
            "sub_category": "llms",
        }
        assert kb.post(ITEMS, json=body).status_code == 201
        phase = _generate(kb)
        assert "No model could serve phase synthesis" in phase["error"], phase
        assert kb.get(SYNTHESIS).json() == []
