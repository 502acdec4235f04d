"""A SQLite write lock held past its timeout: the request gets 503 with a retry hint, never a
500, and goes through once the lock is free."""

from __future__ import annotations

import sqlite3

import pytest
from harness import admin
from harness.server import serve

from kbagent.config import Settings


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_locked_database_answers_503_with_retry_after(settings: Settings) -> None:
    settings = settings.model_copy(update={"database_lock_timeout_seconds": 0.3})
    item = {"source_type": "url", "source_id": "https://e.org/a", "title": "A"}
    with serve(settings) as base, admin.Client(base_url=base, timeout=30) as client:
        assert client.post("/api/v1/content/items", json=item).status_code == 201
        holder = sqlite3.connect(settings.data_dir / "kbagent.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
        try:
            blocked = client.post(
                "/api/v1/content/items", json={**item, "source_id": "https://e.org/b"}
            )
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert blocked.status_code == 503, blocked.text
        body = blocked.json()
        assert body["error_code"] == "service_unavailable" and body["request_id"]
        assert blocked.headers["retry-after"] == "5"
        again = client.post("/api/v1/content/items", json={**item, "source_id": "https://e.org/b"})
        assert again.status_code == 201, again.text
        listed = client.get("/api/v1/content/items").json()
    assert listed["total"] == 2
