"""The whole pipeline over real HTTP, on both databases, with a deterministic model server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import admin
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.agent.schemas import TERMINAL
from kbagent.config import Settings


@pytest.fixture
def model_server() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


@pytest.fixture
def client(settings: Settings, model_server: tuple[str, State]) -> Iterator[httpx.Client]:
    configured = settings.model_copy(
        update={
            **model_settings(model_server[0]),
            "synthesis_min_items": 2,
            "pipeline_retry_base_seconds": 0.01,
            "pipeline_outage_seconds": 0,  # a model that is down fails items here at once
        }
    )
    with serve(configured) as base:
        yield admin.Client(base_url=base, timeout=60)


def add(client: httpx.Client, title: str, content: str) -> str:
    body = {
        "source_type": "url",
        "source_id": f"https://e.org/{title.replace(' ', '-')}",
        "title": title,
        "content": content,
    }
    response = client.post("/api/v1/content/items", json=body)
    response.raise_for_status()
    return str(response.json()["id"])


def run(client: httpx.Client, config: dict[str, Any] | None = None) -> dict[str, Any]:
    started = client.post("/api/v1/agent/start", json=config or {})
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"/api/v1/agent/status/{started.json()['id']}").json()
        if status["status"] in TERMINAL:
            return dict(status)
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def test_full_pipeline(client: httpx.Client, settings: Settings) -> None:
    for title in ("python typing", "python testing", "rust traits", "rust async"):
        add(client, title, f"Notes about {title}: examples, pitfalls and advice.")
    done = run(client)
    assert done["status"] == "completed", done
    phases = {p["name"]: p for p in done["phases"]}
    assert phases["categorise"]["done"] == 4 and phases["generate"]["done"] == 4
    assert phases["embed"]["done"] == 4
    assert phases["synthesis"]["state"] == "finished"

    items = client.get("/api/v1/knowledge/items", params={"limit": 50}).json()["items"]
    assert len(items) == 4
    assert all(i["display_title"].strip() and i["enhanced_content"].startswith("# ") for i in items)
    assert all(i["model"] for i in items), "the model that wrote each note is recorded"
    assert {(i["main_category"], i["sub_category"]) for i in items} == {
        ("software", "python"),
        ("software", "rust"),
    }
    syntheses = client.get("/api/v1/knowledge/synthesis").json()
    subs = {(s["main_category"], s["sub_category"]) for s in syntheses}
    assert {("software", "python"), ("software", "rust")} <= subs

    hits = client.get("/api/v1/knowledge/embeddings/search", params={"q": "rust traits"}).json()
    assert hits["results"], hits
    vault = settings.resolved_vault_dir
    assert (vault / "README.md").exists()
    assert any(vault.rglob("software/python/*/README.md"))

    usage = client.get("/api/v1/ai/usage", params={"run_id": done["id"]})
    assert usage.status_code == 200, usage.text

    # Nothing changed: a second run redoes nothing and regenerates no synthesis.
    again = run(client)
    phases = {p["name"]: p for p in again["phases"]}
    assert phases["generate"]["done"] == 0
    synthesis_outcome = again["result_data"]
    assert synthesis_outcome is not None


def test_model_down_fails_items_with_reason_then_retry(
    client: httpx.Client, model_server: tuple[str, State]
) -> None:
    add(client, "golang channels", "Channels and goroutines.")
    model_server[1].down = True
    done = run(client, {"mode": "full"})
    assert done["status"] == "completed_with_failures"
    phases = {p["name"]: p for p in done["phases"]}
    assert phases["categorise"]["failed"] == 1
    assert done["failures"]["by_phase"]["categorise"] == 1
    assert phases["embed"]["skipped"] == 1
    logs = client.get("/api/v1/system/logs", params={"level": "ERROR"}).json()["items"]
    assert any("503" in e["message"] or "overloaded" in e["message"] for e in logs), logs

    model_server[1].down = False
    retried = client.post("/api/v1/agent/retry-failed", json={})
    assert retried.status_code == 202
    deadline = time.monotonic() + 60
    while client.get("/api/v1/knowledge/items").json()["total"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_vault_files_are_written(client: httpx.Client, settings: Settings) -> None:
    add(client, "sqlite wal", "Write-ahead logging.")
    run(client)
    readmes = list(Path(settings.resolved_vault_dir).rglob("README.md"))
    assert len(readmes) >= 2  # the root index and the item


def test_changed_items_are_processed_again_and_only_they(client: httpx.Client) -> None:
    first = add(client, "sqlite locking", "Readers and writers in WAL mode.")
    add(client, "rust lifetimes", "Borrow checking explained.")
    run(client)
    changed = client.put(
        f"/api/v1/content/items/{first}", json={"content": "Checkpoint starvation in WAL mode."}
    )
    assert changed.status_code == 200 and changed.json()["processing_state"] == "changed"
    again = {p["name"]: p for p in run(client)["phases"]}
    for name in ("cache", "categorise", "generate", "embed"):
        assert again[name]["done"] == 1, again[name]  # the changed item, not the other one
    notes = client.get("/api/v1/knowledge/items").json()["items"]
    [note] = [n for n in notes if n["content_item_id"] == first]
    assert note["version"] >= 2  # the note was written again from the new text
    state = client.get(f"/api/v1/content/items/{first}").json()["processing_state"]
    assert state == "processed"


def test_forcing_a_phase_redoes_the_phases_built_on_it(client: httpx.Client) -> None:
    for title in ("go channels", "go generics"):
        add(client, title, f"Notes about {title}.")
    run(client)
    [note, _] = client.get("/api/v1/knowledge/items").json()["items"]
    url = f"/api/v1/knowledge/items/{note['id']}"
    assert client.put(url, json={"display_title": "My own title"}).status_code == 200
    forced = {p["name"]: p for p in run(client, {"force_phases": ["generate"]})["phases"]}
    assert forced["generate"]["done"] == 2 and forced["embed"]["done"] == 2, forced
    assert forced["categorise"]["done"] == 0  # upstream of the forced phase: kept
    # The history tells the user's edit from the rewrite over it (to restore it from).
    versions = client.get(f"{url}/history").json()["versions"]
    changes = [v["change"] for v in sorted(versions, key=lambda v: v["version"])]
    assert changes[:2] == ["created", "edited"], changes
    assert changes[2].startswith("rewritten by the pipeline ("), changes


def test_imported_media_reach_the_note_and_the_vault(
    client: httpx.Client, settings: Settings
) -> None:
    media = settings.data_dir / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    body = {
        "source_type": "x",
        "source_id": "with-media",
        "title": "Query plans",
        "content": "How the planner chooses between an index scan and a sequential scan.",
        "media_files": [
            {"kind": "photo", "path": "media/diagram.png", "status": "stored"},
            {"kind": "photo", "url": "https://e.org/gone.png", "status": "failed", "path": None},
        ],
    }
    client.post("/api/v1/content/items", json=body).raise_for_status()
    run(client)
    [note] = client.get("/api/v1/knowledge/items").json()["items"]
    assert note["media_paths"] == ["media/diagram.png"]  # stored ones only
    # The vision model's description travels with the path; the file is served from the item.
    [shown] = note["media"]
    assert shown["path"] == "media/diagram.png" and shown["description"], note["media"]
    image = client.get(f"/api/v1/knowledge/items/{note['id']}/media/0")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    copies = list(Path(settings.resolved_vault_dir).rglob("diagram.png"))
    assert copies and copies[0].read_bytes().startswith(b"\x89PNG")
