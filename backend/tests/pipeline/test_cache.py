"""The cache phase: bookmarks without text get their page, remote media get downloaded, and a
media file that cannot be fetched is recorded as failed (no path to a missing file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.server import serve
from sources.fixtures import PNG
from sources.servers import Canned, serve_site

from kbagent.config import Settings
from pipeline.test_pipeline import run

ARTICLE = b"""<html><head><title>Write-ahead logging explained</title>
<meta property="og:image" content="/pic.png"></head><body>
<article><h1>Write-ahead logging explained</h1>
<p>Write-ahead logging keeps a journal of every change before it reaches the data file, so a
crash never leaves a half-written page behind. Readers keep reading the old snapshot while one
writer appends to the log, which is why WAL mode lets SQLite serve reads during writes.</p>
<p>Checkpoints copy the log back into the database file from time to time.</p></article>
</body></html>"""


@pytest.fixture
def client(settings: Settings) -> Iterator[tuple[httpx.Client, str, Settings]]:
    routes = {
        "/wal": Canned(200, ARTICLE, {"content-type": "text/html; charset=utf-8"}),
        "/pic.png": Canned(200, PNG, {"content-type": "image/png"}),
    }
    with run_openai_server() as (model_url, _), serve_site(routes) as site:
        configured = settings.model_copy(
            update={**model_settings(model_url), "fetch_allow_hosts": f"127.0.0.1:{site.port}"}
        )
        with serve(configured) as base:
            yield admin.Client(base_url=base, timeout=60), site.base, configured


def test_bookmark_pages_and_remote_media_are_cached(
    client: tuple[httpx.Client, str, Settings],
) -> None:
    http, site, settings = client
    bookmark = {"source_type": "bookmark", "source_id": f"{site}/wal", "title": f"{site}/wal"}
    post = {
        "source_type": "x",
        "source_id": "1001",
        "title": "A post with a picture",
        "content": "Look at this diagram.",
        "media_files": [
            {"kind": "photo", "url": f"{site}/pic.png", "status": "remote", "path": None},
            {"kind": "photo", "url": f"{site}/gone.png", "status": "remote", "path": None},
        ],
    }
    ids = [http.post("/api/v1/content/items", json=b).json()["id"] for b in (bookmark, post)]
    done = run(http)
    assert done["status"] == "completed", done

    page = http.get(f"/api/v1/content/items/{ids[0]}").json()
    assert "journal of every change" in page["content"]
    assert page["title"] == "Write-ahead logging explained"
    # The page's lead image came with it: stored, described, and on the note.
    [lead] = page["media_files"]
    assert lead["status"] == "stored" and lead["role"] == "lead", lead
    assert (Path(settings.data_dir) / lead["path"]).is_file() and lead["description"]
    notes = http.get("/api/v1/knowledge/items", params={"limit": 50}).json()["items"]
    [note] = [n for n in notes if n["content_item_id"] == ids[0]]
    assert note["media_paths"] == [lead["path"]]

    phases = {p["name"]: p for p in done["phases"]}
    logs = http.get("/api/v1/system/logs", params={"level": "WARNING"}).json()
    assert phases["media"]["done"] == 2, [e["message"] for e in logs["items"]]
    media = http.get(f"/api/v1/content/items/{ids[1]}").json()["media_files"]
    stored, failed = media
    assert stored["status"] == "stored" and (Path(settings.data_dir) / stored["path"]).is_file()
    assert stored["description"]  # the vision phase described the downloaded image
    assert failed["status"] == "failed" and failed["path"] is None


def test_a_url_whose_page_cannot_be_fetched_makes_no_empty_note(
    client: tuple[httpx.Client, str, Settings],
) -> None:
    """The page fails in the cache phase; later phases have nothing to read for it, so the
    item is skipped with the reason instead of becoming an empty note in a made-up category."""
    http, site, _ = client
    body = {"source_type": "url", "source_id": f"{site}/missing", "title": f"{site}/missing"}
    item_id = http.post("/api/v1/content/items", json=body).json()["id"]
    first = run(http)
    assert first["status"] == "completed_with_failures", first
    assert first["failures"]["by_phase"] == {"cache": 1}
    phases = {p["name"]: p for p in first["phases"]}
    assert phases["categorise"]["skipped"] == 1 and phases["generate"]["skipped"] == 1
    assert phases["categorise"]["done"] == 0 and phases["generate"]["done"] == 0
    view = http.get(f"/api/v1/agent/items/{item_id}/pipeline").json()
    reasons = {p["name"]: p.get("error") for p in view["phases"]}
    assert "page was not fetched" in str(reasons["generate"]), view
    item = http.get(f"/api/v1/content/items/{item_id}").json()
    assert item["main_category"] is None
    notes = http.get("/api/v1/knowledge/items", params={"limit": 50}).json()["items"]
    assert not [n for n in notes if n["content_item_id"] == item_id]
