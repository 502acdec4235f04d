"""Synthesis over HTTP: thresholds, citations, and only stale documents regenerated."""

from __future__ import annotations

from typing import Any

import httpx

from kbagent.config import Settings

from .conftest import ITEMS, make_item
from .fakes import FakeWriter, HashEmbedder

SYNTHESIS = "/api/v1/knowledge/synthesis"


def _generate(kb: httpx.Client) -> dict[str, object]:
    response = kb.post(f"{SYNTHESIS}/generate")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_only_stale_syntheses_are_regenerated(
    kb: httpx.Client, writer: FakeWriter, settings: Settings
) -> None:
    assert settings.synthesis_min_items == 3 and settings.synthesis_min_subcategories == 2
    python = [
        make_item(kb, display_title=f"Py {n}", main_category="code", sub_category="python")
        for n in range(3)
    ]
    for n in range(3):
        make_item(kb, display_title=f"Rs {n}", main_category="code", sub_category="rust")
    make_item(kb, display_title="Lonely", main_category="code", sub_category="go")

    first = _generate(kb)
    assert sorted(first["generated"]) == ["code", "code/python", "code/rust"]  # type: ignore[arg-type]
    assert sorted(writer.calls, key=str) == sorted(
        [("code", "python"), ("code", "rust"), ("code", None)], key=str
    )
    docs = {(d["main_category"], d["sub_category"]): d for d in kb.get(SYNTHESIS).json()}
    sub = docs[("code", "python")]
    assert not sub["is_stale"] and sub["item_count"] == 3
    assert set(sub["source_item_ids"]) == {i["id"] for i in python}
    assert "## Key insights" in sub["content"] and "](../py-0-" in sub["content"]
    assert docs[("code", None)]["item_count"] == 2
    assert ("code", "go") not in docs

    writer.calls.clear()
    again = _generate(kb)
    assert again["generated"] == [] and again["up_to_date"] == 3
    assert writer.calls == []

    kb.put(f"{ITEMS}/{python[0]['id']}", json={"enhanced_content": "changed"}).raise_for_status()
    stale = {
        (d["main_category"], d["sub_category"]): d["is_stale"] for d in kb.get(SYNTHESIS).json()
    }
    assert stale == {("code", "python"): True, ("code", "rust"): False, ("code", None): False}
    third = _generate(kb)
    # The python synthesis changed, so the main-category synthesis over it is stale too.
    assert sorted(third["generated"]) == ["code", "code/python"]  # type: ignore[arg-type]
    assert ("code", "rust") not in writer.calls


def test_generation_with_the_synthesis_model_down(settings: Settings) -> None:
    from harness.ports import free_port
    from harness.server import serve as serve_app

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

    with serve_app(dead, configure) as base:
        body = {
            "display_title": "Item",
            "enhanced_content": "Text.",
            "main_category": "ai",
            "sub_category": "llms",
        }
        assert httpx.post(f"{base}/api/v1/knowledge/items", json=body).status_code == 201
        response = httpx.post(f"{base}{SYNTHESIS}/generate", timeout=60)
        assert response.status_code == 502, response.text
        assert response.json()["error_code"] == "ai_service_error"
        assert httpx.get(f"{base}{SYNTHESIS}").json() == []
