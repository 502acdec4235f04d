"""The category tree over HTTP: counts, reuse of near-twins, rename, merge and move."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import ITEMS, make_item

CATEGORIES = "/api/v1/knowledge/categories"


def _tree(kb: httpx.Client) -> dict[str, dict[str, int]]:
    body = kb.get(CATEGORIES).json()
    return {
        m["name"]: {s["name"]: s["count"] for s in m["subcategories"]} for m in body["categories"]
    }


def test_near_twins_reuse_the_existing_node(kb: httpx.Client) -> None:
    first = make_item(kb, main_category="machine_learning", sub_category="llms")
    second = make_item(kb, main_category="ML", sub_category="LLM")
    third = make_item(kb, main_category="Machine Learning", sub_category="Large Language Models")
    for item in (first, second, third):
        assert (item["main_category"], item["sub_category"]) == ("machine_learning", "llms")
    make_item(kb, main_category="machine_learning", sub_category="computer vision")
    assert _tree(kb) == {"machine_learning": {"computer_vision": 1, "llms": 3}}
    body = kb.get(CATEGORIES).json()
    assert body["total_items"] == 4 and body["categories"][0]["count"] == 4

    twin = kb.post(CATEGORIES, json={"main_category": "ml", "sub_category": "llm"})
    assert twin.status_code == 409
    assert twin.json()["details"]["similar_to"] == "machine_learning"
    sub_twin = kb.post(
        CATEGORIES, json={"main_category": "machine_learning", "sub_category": "LLM"}
    )
    assert sub_twin.status_code == 409
    new = kb.post(CATEGORIES, json={"main_category": "cooking", "sub_category": "Bread"})
    assert new.status_code == 201
    assert _tree(kb)["cooking"] == {"bread": 0}


def _post(kb: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = kb.post(f"{CATEGORIES}/{path}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_rename_merge_and_move_update_items(kb: httpx.Client) -> None:
    a = make_item(kb, main_category="programming", sub_category="python")
    b = make_item(kb, main_category="programming", sub_category="snakes")
    c = make_item(kb, main_category="devops", sub_category="containers")

    change = _post(
        kb,
        "merge",
        {
            "source_main": "programming",
            "source_sub": "snakes",
            "target_main": "programming",
            "target_sub": "python",
        },
    )
    assert change["items_updated"] == 1
    moved = kb.get(f"{ITEMS}/{b['id']}").json()
    assert moved["sub_category"] == "python" and moved["version"] == 2
    assert "recategorised" in kb.get(f"{ITEMS}/{b['id']}/history").json()["versions"][-1]["change"]
    assert _tree(kb)["programming"] == {"python": 2}

    _post(
        kb,
        "rename",
        {"main_category": "programming", "sub_category": "python", "new_name": "Python Language"},
    )
    assert kb.get(f"{ITEMS}/{a['id']}").json()["sub_category"] == "python_language"

    _post(
        kb,
        "move",
        {
            "main_category": "devops",
            "sub_category": "containers",
            "new_main_category": "programming",
        },
    )
    assert kb.get(f"{ITEMS}/{c['id']}").json()["main_category"] == "programming"
    assert _tree(kb) == {"programming": {"containers": 1, "python_language": 2}}

    _post(kb, "rename", {"main_category": "programming", "new_name": "software"})
    assert _tree(kb) == {"software": {"containers": 1, "python_language": 2}}

    clash = kb.post(
        f"{CATEGORIES}/rename",
        json={
            "main_category": "software",
            "sub_category": "containers",
            "new_name": "python_language",
        },
    )
    assert clash.status_code == 409
    missing = kb.post(
        f"{CATEGORIES}/merge",
        json={
            "source_main": "nope",
            "source_sub": "x",
            "target_main": "software",
            "target_sub": "containers",
        },
    )
    assert missing.status_code == 404
    mixed = kb.post(
        f"{CATEGORIES}/merge",
        json={"source_main": "software", "target_main": "software", "target_sub": "containers"},
    )
    assert mixed.status_code == 422


def test_counts_follow_every_change(kb: httpx.Client) -> None:
    """The counts are remembered between requests (knowledge/tree.py) and must still move with
    each change: an item added, re-filed, deleted, or gone with its content item."""

    def total() -> int:
        return int(kb.get(CATEGORIES).json()["total_items"])

    a = make_item(kb, main_category="alpha", sub_category="one")
    make_item(kb, main_category="alpha", sub_category="one")
    assert _tree(kb) == {"alpha": {"one": 2}} and total() == 2
    assert _tree(kb) == {"alpha": {"one": 2}}  # asked again: the remembered counts

    b = make_item(kb, main_category="beta", sub_category="two")
    assert _tree(kb) == {"alpha": {"one": 2}, "beta": {"two": 1}} and total() == 3

    kb.put(
        f"{ITEMS}/{a['id']}", json={"main_category": "beta", "sub_category": "one"}
    ).raise_for_status()
    assert _tree(kb) == {"alpha": {"one": 1}, "beta": {"one": 1, "two": 1}}

    assert kb.delete(f"{ITEMS}/{b['id']}").status_code == 204
    assert _tree(kb) == {"alpha": {"one": 1}, "beta": {"one": 1}} and total() == 2

    content = kb.get(f"{ITEMS}/{a['id']}").json()["content_item_id"]
    assert kb.delete(f"/api/v1/content/items/{content}").status_code == 204
    assert _tree(kb) == {"alpha": {"one": 1}} and total() == 1
