"""Empty categories leave the tree and the vault index; a user's own empty category stays."""

from __future__ import annotations

import httpx

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge import repository, tree

from .conftest import ITEMS, make_item

CATEGORIES = "/api/v1/knowledge/categories"


def _listed(kb: httpx.Client) -> set[str]:
    body = kb.get(CATEGORIES).json()
    return {f"{m['name']}/{s['name']}" for m in body["categories"] for s in m["subcategories"]}


def test_empty_categories_are_hidden_then_pruned(kb: httpx.Client, settings: Settings) -> None:
    keep = make_item(kb, main_category="databases", sub_category="indexes")
    moved = make_item(kb, main_category="databases", sub_category="vacuum")
    deleted = make_item(kb, main_category="networking", sub_category="sockets")
    assert kb.post(
        CATEGORIES, json={"main_category": "cooking", "sub_category": "bread"}
    ).is_success
    assert _listed(kb) == {
        "databases/indexes",
        "databases/vacuum",
        "networking/sockets",
        "cooking/bread",
    }

    # One item moves away, another is deleted: their categories are now empty.
    update = {"main_category": "databases", "sub_category": "indexes"}
    assert kb.put(f"{ITEMS}/{moved['id']}", json=update).is_success
    assert kb.delete(f"{ITEMS}/{deleted['id']}").is_success
    assert _listed(kb) == {"databases/indexes", "cooking/bread"}
    assert kb.post("/api/v1/knowledge/vault/sync").is_success
    index = (settings.resolved_vault_dir / "README.md").read_text()
    assert "vacuum" not in index and "sockets" not in index and "networking" not in index
    assert "indexes (2)" in index and "bread (0)" in index

    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            pruned = tree.prune(session)
            session.commit()
        with database.reader() as session:
            rows = {(c.main_category, c.sub_category) for c in repository.list_categories(session)}
    finally:
        database.engine.dispose()
    assert sorted(pruned) == [("databases", "vacuum"), ("networking", "sockets")]
    assert rows == {("databases", "indexes"), ("cooking", "bread")}
    assert kb.get(f"{ITEMS}/{keep['id']}").json()["sub_category"] == "indexes"
