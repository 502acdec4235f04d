"""An item's category is one fact: after rename, merge and move through the API, every view
(content and knowledge lists and details, list filters, search results and filters, the tree
with its counts, the vault export) shows the new category and none shows the old one."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx

from .conftest import ITEMS, make_item

CATEGORIES = "/api/v1/knowledge/categories"
CONTENT = "/api/v1/content/items"
OLD = {"programming", "devops", "python", "snakes"}
FINAL = {("software", "python_language"), ("software", "containers")}


def _post(kb: httpx.Client, path: str, body: dict[str, Any]) -> None:
    response = kb.post(f"{CATEGORIES}/{path}", json=body)
    assert response.status_code == 200, response.text


def _pair(body: dict[str, Any]) -> tuple[str, str]:
    return body["main_category"], body["sub_category"]


def test_rename_merge_and_move_reach_every_view(kb: httpx.Client) -> None:
    a = make_item(kb, main_category="programming", sub_category="python")
    b = make_item(kb, main_category="programming", sub_category="snakes")
    c = make_item(kb, main_category="devops", sub_category="containers")
    # Filed by the pipeline, its note not written yet: it moves with its category too.
    pending = kb.post(
        CONTENT,
        json={
            "source_type": "manual",
            "source_id": "pending-1",
            "title": "Pending",
            "content": "Some text.",
            "main_category": "programming",
            "sub_category": "snakes",
        },
    )
    assert pending.status_code == 201, pending.text

    _post(
        kb,
        "merge",
        {
            "source_main": "programming",
            "source_sub": "snakes",
            "target_main": "programming",
            "target_sub": "python",
        },
    )
    _post(
        kb,
        "rename",
        {"main_category": "programming", "sub_category": "python", "new_name": "Python Language"},
    )
    _post(
        kb,
        "move",
        {
            "main_category": "devops",
            "sub_category": "containers",
            "new_main_category": "programming",
        },
    )
    _post(kb, "rename", {"main_category": "programming", "new_name": "software"})

    expected = {
        a["id"]: ("software", "python_language"),
        b["id"]: ("software", "python_language"),
        c["id"]: ("software", "containers"),
    }
    content_of = {a["id"]: a["content_item_id"], b["id"]: b["content_item_id"]}
    content_of[c["id"]] = c["content_item_id"]

    # Knowledge items: detail and list.
    for item_id, pair in expected.items():
        assert _pair(kb.get(f"{ITEMS}/{item_id}").json()) == pair
    listed = kb.get(ITEMS, params={"limit": 200}).json()["items"]
    assert {i["id"]: _pair(i) for i in listed} == expected
    # Content items: detail and list, the pending one included.
    for item_id, pair in expected.items():
        assert _pair(kb.get(f"{CONTENT}/{content_of[item_id]}").json()) == pair
    contents = kb.get(CONTENT, params={"limit": 200}).json()["items"]
    assert {_pair(i) for i in contents} == FINAL
    assert _pair(kb.get(f"{CONTENT}/{pending.json()['id']}").json()) == FINAL_PENDING

    # Filters find them under the new names only.
    for old in ("programming", "devops"):
        assert kb.get(CONTENT, params={"main_category": old}).json()["total"] == 0
        assert kb.get(ITEMS, params={"main_category": old}).json()["total"] == 0
    assert kb.get(CONTENT, params={"main_category": "software"}).json()["total"] == 4
    assert kb.get(ITEMS, params={"main_category": "software"}).json()["total"] == 3

    # Search: results carry the new category; filtering by an old one finds nothing.
    found = kb.post(
        "/api/v1/content/search", json={"query": "text", "mode": "fulltext", "limit": 100}
    )
    assert found.status_code == 200, found.text
    hits = {r["item_id"]: _pair(r) for r in found.json()["results"]}
    assert hits == expected
    for old in ("programming", "devops"):
        none = kb.post(
            "/api/v1/content/search",
            json={"query": "text", "mode": "fulltext", "filters": {"main_category": old}},
        )
        assert none.status_code == 200 and none.json()["results"] == [], none.text

    # The tree and its counts.
    tree = kb.get(CATEGORIES).json()
    assert {
        m["name"]: {s["name"]: s["count"] for s in m["subcategories"]} for m in tree["categories"]
    } == {"software": {"containers": 1, "python_language": 2}}

    # The vault export files the notes under the new folders only.
    exported = kb.get("/api/v1/knowledge/vault/export")
    assert exported.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(exported.content)).namelist()
    folders = {tuple(n.split("/")[1:3]) for n in names if n.endswith("/README.md")}
    notes = {f for f in folders if len(f) == 2 and not f[1].endswith(".md")}
    assert {f for f in notes if f[0] in OLD or f[1] in OLD} == set()
    assert notes == FINAL and len(names) == 4  # the README and three notes


FINAL_PENDING = ("software", "python_language")
