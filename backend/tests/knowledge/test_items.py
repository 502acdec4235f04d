"""KB items over HTTP on both databases: CRUD, every change versioned, diff and restore."""

from __future__ import annotations

import json

import httpx

from .conftest import ITEMS, make_item


def test_crud_with_history_diff_and_restore(kb: httpx.Client) -> None:
    item = make_item(
        kb,
        display_title="Vector databases",
        summary="How ANN indexes work.",
        enhanced_content="HNSW builds a layered graph.",
        tags=["#Databases", "ANN", "databases"],
        main_category="Databases",
        sub_category="Vector Search",
        source_url="https://example.org/hnsw",
    )
    assert item["version"] == 1
    assert item["tags"] == ["databases", "ann"]
    assert (item["main_category"], item["sub_category"]) == ("databases", "vector_search")
    assert kb.get(f"{ITEMS}/{item['id']}").json() == item

    updated = kb.put(f"{ITEMS}/{item['id']}", json={"enhanced_content": "IVF uses clusters."})
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    assert updated.json()["summary"] == "How ANN indexes work."
    unchanged = kb.put(f"{ITEMS}/{item['id']}", json={"enhanced_content": "IVF uses clusters."})
    assert unchanged.json()["version"] == 2  # no change, no new version

    versions = kb.get(f"{ITEMS}/{item['id']}/history").json()["versions"]
    assert [(v["version"], v["change"]) for v in versions] == [(1, "created"), (2, "edited")]
    assert versions[0]["snapshot"]["enhanced_content"] == "HNSW builds a layered graph."

    diff = kb.get(f"{ITEMS}/{item['id']}/diff", params={"from": 1, "to": 2}).json()["diff"]
    assert "-HNSW builds a layered graph." in diff and "+IVF uses clusters." in diff

    restored = kb.post(f"{ITEMS}/{item['id']}/restore/1")
    assert restored.status_code == 200, restored.text
    assert restored.json()["enhanced_content"] == "HNSW builds a layered graph."
    assert restored.json()["version"] == 3
    versions = kb.get(f"{ITEMS}/{item['id']}/history").json()["versions"]
    assert versions[-1]["change"] == "restored v1"

    # The search index follows the restore: the old text is findable again, the new one not.
    found = kb.post("/api/v1/content/search", json={"query": "layered graph", "mode": "fulltext"})
    assert [r["item_id"] for r in found.json()["results"]] == [item["id"]]
    gone = kb.post("/api/v1/content/search", json={"query": "clusters", "mode": "fulltext"})
    assert gone.json()["results"] == []

    assert kb.delete(f"{ITEMS}/{item['id']}").status_code == 204
    assert kb.get(f"{ITEMS}/{item['id']}").status_code == 404
    # History outlives the item; restoring a deleted item is refused cleanly.
    versions = kb.get(f"{ITEMS}/{item['id']}/history").json()["versions"]
    assert versions[-1]["change"] == "deleted"
    assert kb.post(f"{ITEMS}/{item['id']}/restore/1").status_code == 404


def test_bad_input_is_an_envelope(kb: httpx.Client) -> None:
    missing = kb.get(f"{ITEMS}/nope")
    assert missing.status_code == 404 and missing.json()["error_code"] == "not_found"
    bad = kb.post(ITEMS, json={"display_title": ""})
    assert bad.status_code == 422 and bad.json()["error_code"] == "validation_error"
    orphan = kb.post(ITEMS, json={"display_title": "x", "content_item_id": "nope"})
    assert orphan.status_code == 404
    item = make_item(kb)
    assert kb.get(f"{ITEMS}/{item['id']}/diff", params={"from": 1, "to": 9}).status_code == 404
    assert kb.put(f"{ITEMS}/{item['id']}", json={"display_title": None}).status_code == 422
    assert kb.post(f"{ITEMS}/{item['id']}/restore/7").status_code == 404


def test_links_to_an_existing_content_item_once(kb: httpx.Client) -> None:
    content = kb.post(
        "/api/v1/content/items",
        json={"source_type": "twitter", "source_id": "42", "title": "A tweet", "content": "hi"},
    ).json()
    item = make_item(kb, content_item_id=content["id"])
    assert item["content_item_id"] == content["id"]
    again = kb.post(ITEMS, json={"display_title": "x", "content_item_id": content["id"]})
    assert again.status_code == 409 and again.json()["details"]["existing_id"] == item["id"]


def test_list_filters_by_category_and_tag(kb: httpx.Client) -> None:
    make_item(kb, main_category="ai", sub_category="agents", tags=["python"])
    make_item(kb, main_category="ai", sub_category="agents", tags=["rust"])
    make_item(kb, main_category="web", sub_category="css", tags=["python"])
    page = kb.get(ITEMS, params={"main_category": "ai"}).json()
    assert page["total"] == 2
    page = kb.get(ITEMS, params={"tag": "#Python"}).json()
    assert {i["main_category"] for i in page["items"]} == {"ai", "web"}
    page = kb.get(ITEMS, params={"tag": "python", "main_category": "ai"}).json()
    assert page["total"] == 1


def test_a_truncated_source_is_flagged_on_the_item(kb: httpx.Client) -> None:
    # X exports a retweet cut short: the content item is flagged, and so is its KB item.
    retweet = {"tweet": {"id_str": "77", "full_text": "RT @bob: The start of a long thought\u2026"}}
    js = b"window.YTD.tweets.part0 = " + json.dumps([retweet]).encode()
    report = kb.post("/api/v1/content/import", files={"file": ("tweets.js", js)})
    assert report.status_code == 200, report.text
    [content_id] = report.json()["item_ids"]
    item = make_item(kb, content_item_id=content_id)
    whole = make_item(kb, display_title="Whole")
    assert (item["truncated"], whole["truncated"]) == (True, False)
    assert kb.get(f"{ITEMS}/{item['id']}").json()["truncated"] is True
    listed = {i["id"]: i["truncated"] for i in kb.get(ITEMS).json()["items"]}
    assert listed == {item["id"]: True, whole["id"]: False}
