"""Search over HTTP on both databases: modes, filters, snippets, hostile queries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ..conftest import make_item

SEARCH = "/api/v1/content/search"

DOCS = [
    (
        "Rust ownership",
        "The borrow checker enforces ownership and lifetimes in Rust.",
        "programming",
        "rust",
        ["rust"],
    ),
    (
        "Python asyncio",
        "An event loop runs coroutines; await yields to the loop.",
        "programming",
        "python",
        ["python", "async"],
    ),
    (
        "Sourdough bread",
        "A starter of flour and water ferments; bake the loaf hot.",
        "cooking",
        "bread",
        ["baking"],
    ),
    (
        "Python packaging",
        "Wheels and pyproject metadata; pip installs wheels.",
        "programming",
        "python",
        ["python"],
    ),
]


@pytest.fixture
def corpus(kb: httpx.Client) -> dict[str, dict[str, Any]]:
    items = {}
    for title, text, main, sub, tags in DOCS:
        items[title] = make_item(
            kb,
            display_title=title,
            enhanced_content=text,
            main_category=main,
            sub_category=sub,
            tags=tags,
        )
    return items


def _search(kb: httpx.Client, **body: Any) -> dict[str, Any]:
    response = kb.post(SEARCH, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _titles(body: dict[str, Any]) -> list[str]:
    return [r["title"] for r in body["results"]]


def test_modes_rank_the_relevant_item_first(kb: httpx.Client, corpus: dict[str, Any]) -> None:
    for mode in ("fulltext", "vector", "hybrid"):
        body = _search(kb, query="borrow checker lifetimes", mode=mode)
        assert _titles(body)[0] == "Rust ownership", mode
    hybrid = _search(kb, query="coroutines event loop")
    top = hybrid["results"][0]
    assert top["title"] == "Python asyncio"
    assert set(top["matched_by"]) == {"fulltext", "vector"}
    assert "<mark>" in top["snippet"] and "coroutines" in top["snippet"]
    assert top["source_type"] == "manual"
    # Stemming: "ferments" is found by "fermenting".
    assert _titles(_search(kb, query="fermenting", mode="fulltext")) == ["Sourdough bread"]


def test_filters(kb: httpx.Client, corpus: dict[str, Any]) -> None:
    for mode in ("fulltext", "vector", "hybrid"):
        body = _search(
            kb, query="python wheels loop", mode=mode, filters={"main_category": "cooking"}
        )
        assert all(r["main_category"] == "cooking" for r in body["results"]), mode
        body = _search(kb, query="python wheels loop", mode=mode, filters={"tags": ["async"]})
        assert _titles(body) == ["Python asyncio"], mode
        body = _search(
            kb,
            query="python",
            mode=mode,
            filters={"sub_category": "python", "tags": ["python", "async"]},
        )
        assert _titles(body) == ["Python asyncio"], mode
        body = _search(kb, query="python", mode=mode, filters={"source_type": "twitter"})
        assert body["results"] == [], mode
        body = _search(kb, query="python", mode=mode, filters={"date_from": "2999-01-01T00:00:00Z"})
        assert body["results"] == [], mode
        body = _search(kb, query="python", mode=mode, filters={"date_to": "2999-01-01T00:00:00Z"})
        assert "Python packaging" in _titles(body), mode


HOSTILE = [
    '"',
    "*",
    "OR OR",
    "NEAR(",
    "a:b",
    "-x",
    "'; DROP TABLE knowledge_items; --",
    "(((",
    "\\",
    "title:*",
    "AND NOT",
    "\x00",
    "😀",
    "",
    "   ",
]


@pytest.mark.parametrize("mode", ["fulltext", "hybrid", "vector"])
def test_hostile_and_empty_queries_never_fail(
    kb: httpx.Client, corpus: dict[str, Any], mode: str
) -> None:
    for query in [*HOSTILE, "python " * 1500, "x" * 10_000]:
        response = kb.post(SEARCH, json={"query": query, "mode": mode})
        assert response.status_code == 200, (query[:20], response.text)
        assert isinstance(response.json()["results"], list)
    assert _search(kb, query="", mode=mode)["results"] == []
    long_text = " ".join(d[1] for d in DOCS) * 45  # ~10 kB
    assert len(long_text) > 10_000
    assert _search(kb, query=long_text, mode=mode)["results"]
    assert kb.get("/api/v1/knowledge/items").json()["total"] == 4


def test_pagination_and_bad_requests(kb: httpx.Client, corpus: dict[str, Any]) -> None:
    everything = _titles(_search(kb, query="python wheels loop rust bread", limit=10))
    page = _titles(_search(kb, query="python wheels loop rust bread", limit=2, offset=1))
    assert page == everything[1:3]
    assert kb.post(SEARCH, json={"query": "x", "mode": "magic"}).status_code == 422
    assert kb.post(SEARCH, json={"query": "x", "limit": 0}).status_code == 422
    assert kb.post(SEARCH, json={"query": "x", "filters": {"colour": "red"}}).status_code == 422


def test_embedding_search_endpoint(kb: httpx.Client, corpus: dict[str, Any]) -> None:
    response = kb.get("/api/v1/knowledge/embeddings/search", params={"q": "borrow checker"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["title"] == "Rust ownership"
    assert response.json()["results"][0]["matched_by"] == ["vector"]
    filtered = kb.get(
        "/api/v1/knowledge/embeddings/search",
        params={"q": "borrow checker", "main_category": "cooking"},
    ).json()
    assert {r["main_category"] for r in filtered["results"]} <= {"cooking"}


def test_deleted_items_leave_the_index(kb: httpx.Client, corpus: dict[str, Any]) -> None:
    rust = corpus["Rust ownership"]
    assert kb.delete(f"/api/v1/knowledge/items/{rust['id']}").status_code == 204
    for mode in ("fulltext", "vector"):
        assert "Rust ownership" not in _titles(_search(kb, query="borrow checker", mode=mode))


def test_long_items_are_chunked_and_found_by_their_tail(kb: httpx.Client) -> None:
    filler = "\n\n".join(f"Paragraph {n} about gardening and soil." for n in range(200))
    item = make_item(
        kb, display_title="Long", enhanced_content=filler + "\n\nZanzibar appears once."
    )
    body = _search(kb, query="zanzibar", mode="fulltext")
    assert body["results"][0]["item_id"] == item["id"]
    assert body["results"][0]["chunk_index"] > 0
    assert "<mark>Zanzibar</mark>" in body["results"][0]["snippet"]
