"""The admin API on a real server: start in the background, poll, read the report, roll back;
bad paths are a 422 envelope, an unknown run a 404."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
from harness import admin

from kbagent.config import Settings

from .fixtures import json_era, kb_tree

API = "/api/v1/legacy/migrations"


def _wait(base_url: str, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120  # a hang guard, not a speed assertion
    while True:
        body: dict[str, Any] = admin.get(f"{base_url}{API}/{run_id}", timeout=30).json()
        if body["status"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def _events_until_end(base_url: str, run_id: str) -> list[dict[str, Any]]:
    """The run's events in the run log, once its `legacy_end` is there (it follows the run's
    status by a moment)."""
    deadline = time.monotonic() + 60  # a hang guard, not a speed assertion
    while True:
        params: dict[str, Any] = {"q": run_id, "limit": 500}
        page = admin.get(f"{base_url}/api/v1/system/logs", params=params, timeout=30).json()
        events: list[dict[str, Any]] = page["items"]
        if any(e["type"] == "legacy_end" for e in events) or time.monotonic() > deadline:
            return events
        time.sleep(0.2)


def test_migrate_poll_and_roll_back(base_url: str, settings: Settings, tmp_path: Path) -> None:
    project = tmp_path / "project"
    era, tree = json_era(project), kb_tree(project / "kb")
    body: dict[str, Any] = {"json_dir": str(project / "data"), "kb_dir": str(project / "kb")}
    dry = admin.post(f"{base_url}{API}", json={**body, "dry_run": True}, timeout=30)
    assert dry.status_code == 202, dry.text
    dry_run = _wait(base_url, dry.json()["id"])
    assert dry_run["status"] == "completed" and dry_run["report"]["dry_run"]
    assert dry_run["report"]["out"]["content_items"]["new"] == len(era.titles) + len(tree.titles)
    empty = admin.get(f"{base_url}/api/v1/knowledge/items", timeout=30).json()
    assert empty["total"] == 0
    started = admin.post(f"{base_url}{API}", json=body, timeout=30)
    assert started.status_code == 202, started.text
    run = _wait(base_url, started.json()["id"])
    assert run["status"] == "completed", run
    report = run["report"]
    assert report["out"]["content_items"]["new"] == len(era.titles) + len(tree.titles)
    assert report["out"]["syntheses"]["new"] == len(tree.syntheses)
    listed = admin.get(f"{base_url}{API}", timeout=30).json()
    assert [r["id"] for r in listed] == [run["id"], dry_run["id"]]
    items = admin.get(f"{base_url}/api/v1/knowledge/items", timeout=30).json()
    assert items["total"] == len(tree.notes) + len(era.notes)
    # Followed live: the run's events went out on the event stream and into the run log.
    logged = _events_until_end(base_url, run["id"])
    kinds = {e["type"] for e in logged}
    assert {"legacy_started", "legacy_progress", "legacy_end"} <= kinds, kinds
    stages = [e["data"]["stage"] for e in logged if e["type"] == "legacy_progress"]
    assert "items" in stages
    ended = [e for e in logged if e["type"] == "legacy_end"]
    assert [e["data"]["status"] for e in ended] == ["completed"]

    undone = admin.post(f"{base_url}{API}/{run['id']}/rollback", timeout=60)
    assert undone.status_code == 200, undone.text
    assert undone.json()["deleted"]["content_items"] == len(era.titles) + len(tree.titles)
    again = admin.post(f"{base_url}{API}/{run['id']}/rollback", timeout=60)
    assert again.status_code == 409 and again.json()["error_code"] == "duplicate"
    items = admin.get(f"{base_url}/api/v1/knowledge/items", timeout=30).json()
    assert items["total"] == 0


def test_bad_requests_are_envelopes(base_url: str, tmp_path: Path) -> None:
    bodies: list[dict[str, Any]] = [
        {},
        {"db": str(tmp_path / "absent.db")},
        {"kb_dir": str(tmp_path / "nope")},
        {"kb_dir": "0" * 300},  # longer than any file name: no such folder, not a crash
        {"json_dir": "a\x00b"},
    ]
    for body in bodies:
        response = admin.post(f"{base_url}{API}", json=body, timeout=30)
        assert response.status_code == 422, response.text
        assert response.json()["error_code"] == "validation_error"
    missing = admin.get(f"{base_url}{API}/0123456789abcdef", timeout=30)
    assert missing.status_code == 404 and missing.json()["error_code"] == "not_found"
    anonymous = httpx.post(f"{base_url}{API}", json={"kb_dir": str(tmp_path)}, timeout=30)
    assert anonymous.status_code == 401
