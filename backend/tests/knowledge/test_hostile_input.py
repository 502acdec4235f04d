"""Hostile or broken input to the knowledge base, on both databases.

Media paths that name files outside the media area are refused, and never copied out even
when already stored; a stored null list breaks nothing; imported markup never reaches the
vault as raw HTML or a script link; search titles are escaped; huge numbers and NUL bytes
are 422s, not 500s.
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import admin
from harness.server import serve

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge.models import KnowledgeItem

from .conftest import ITEMS, git_run, make_item

VAULT = "/api/v1/knowledge/vault"
SECRET = b"SECRET-BYTES-never-published"


def _store(settings: Settings, item_id: str, **columns: Any) -> None:
    """Write columns directly, as rows stored before the API refused such values."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            row = session.get(KnowledgeItem, item_id)
            assert row is not None
            for name, value in columns.items():
                setattr(row, name, value)
            session.commit()
    finally:
        database.dispose()


@pytest.fixture
def secrets(settings: Settings) -> dict[str, str]:
    """Sensitive files in and around the data directory, and a symlink into the media area."""
    data = settings.data_dir
    (data / "secret.key").write_bytes(SECRET)
    (data.parent / "outside.txt").write_bytes(SECRET)
    media = data / "media"
    media.mkdir(exist_ok=True)
    (media / "ok.png").write_bytes(b"\x89PNG fine")
    os.symlink(data / "secret.key", media / "link.png")
    return {
        "database": "kbagent.db",
        "key": "secret.key",
        "dotdot": "media/../secret.key",
        "parent": "../outside.txt",
        "absolute": str(data / "secret.key"),
        "symlink": "media/link.png",
        "too-long": "media/" + "a" * 300 + ".png",
    }


@pytest.mark.parametrize(
    "name", ["database", "key", "dotdot", "parent", "absolute", "symlink", "too-long"]
)
def test_media_paths_outside_the_media_area_are_refused(
    kb: httpx.Client, secrets: dict[str, str], name: str
) -> None:
    body = {"display_title": "x", "media_paths": ["media/ok.png", secrets[name]]}
    created = kb.post(ITEMS, json=body)
    assert created.status_code == 422, created.text
    assert created.json()["error_code"] == "validation_error"
    item = make_item(kb, media_paths=["media/ok.png"])
    updated = kb.put(f"{ITEMS}/{item['id']}", json={"media_paths": [secrets[name]]})
    assert updated.status_code == 422, updated.text
    assert kb.get(f"{ITEMS}/{item['id']}").json()["media_paths"] == ["media/ok.png"]


def test_stored_paths_outside_the_media_area_are_never_exported(
    kb: httpx.Client, settings: Settings, secrets: dict[str, str], tmp_path: Path
) -> None:
    item = make_item(kb, display_title="Leaky", media_paths=["media/ok.png"])
    _store(settings, item["id"], media_paths=["media/ok.png", *secrets.values()])
    assert kb.post(f"{VAULT}/sync").status_code == 200
    root = settings.resolved_vault_dir
    copied = [p for p in root.rglob("*") if p.is_file() and p.read_bytes() == SECRET]
    assert copied == []
    assert any(p.name == "ok.png" for p in root.rglob("*"))

    exported = kb.get(f"{VAULT}/export")
    assert exported.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert all(SECRET not in archive.read(n) for n in archive.namelist())
    assert not any(n.endswith(("kbagent.db", "secret.key", "link.png")) for n in archive.namelist())

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    with (
        serve(settings.model_copy(update={"vault_git_remote": str(remote)})) as base,
        admin.Client(base_url=base, timeout=60) as client,
    ):
        assert git_run(client)["error"] is None
    pushed = subprocess.run(
        ["git", "--git-dir", str(remote), "grep", "-c", SECRET.decode(), "main"],
        capture_output=True,
        check=False,
    )
    assert pushed.returncode == 1, pushed.stdout  # 1: no match anywhere in the pushed tree


@pytest.mark.parametrize("field", ["tags", "media_paths", "display_title", "enhanced_content"])
def test_null_in_a_never_null_field_is_refused(kb: httpx.Client, field: str) -> None:
    item = make_item(kb, tags=["a"])
    response = kb.put(f"{ITEMS}/{item['id']}", json={field: None})
    assert response.status_code == 422, response.text
    assert field in response.json()["message"]
    assert kb.get(f"{ITEMS}/{item['id']}").json()["tags"] == ["a"]


@pytest.fixture
def stored_nulls(kb: httpx.Client, settings: Settings) -> Iterator[dict[str, Any]]:
    item = make_item(kb, display_title="Broken", main_category="m", sub_category="s", tags=["t"])
    kb.put(f"{ITEMS}/{item['id']}", json={"summary": "v2"}).raise_for_status()
    _store(settings, item["id"], tags=None, media_paths=None)
    yield item


def test_stored_null_lists_break_nothing(
    kb: httpx.Client, stored_nulls: dict[str, Any], settings: Settings, tmp_path: Path
) -> None:
    item_id = stored_nulls["id"]
    got = kb.get(f"{ITEMS}/{item_id}")
    assert got.status_code == 200 and got.json()["tags"] == [] and got.json()["media_paths"] == []
    assert kb.get(ITEMS).status_code == 200
    assert kb.get(ITEMS, params={"tag": "t"}).status_code == 200
    assert kb.post(f"{VAULT}/sync").status_code == 200
    assert kb.get(f"{VAULT}/export").status_code == 200
    renamed = kb.post(
        "/api/v1/knowledge/categories/rename", json={"main_category": "m", "new_name": "n"}
    )
    assert renamed.status_code == 200, renamed.text
    moved = kb.post(
        "/api/v1/knowledge/categories/move",
        json={"main_category": "n", "sub_category": "s", "new_main_category": "o"},
    )
    assert moved.status_code == 200, moved.text
    restored = kb.post(f"{ITEMS}/{item_id}/restore/1")
    assert restored.status_code == 200, restored.text
    assert restored.json()["tags"] == ["t"]
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    with (
        serve(settings.model_copy(update={"vault_git_remote": str(remote)})) as base,
        admin.Client(base_url=base, timeout=60) as client,
    ):
        assert git_run(client)["error"] is None


def test_imported_markup_is_neutralised_in_the_vault(kb: httpx.Client, settings: Settings) -> None:
    item = make_item(
        kb,
        display_title="<img src=x onerror=alert(1)> Title",
        summary="<b>bold</b>",
        enhanced_content=(
            "Text <script>alert('x')</script> and [click](javascript:alert(1)) and "
            "[hidden](&#106;avascript:alert(1)) and ![pic](data:text/html;base64,PHNjcmlwdD4=)"
            " and [fine](https://example.org/page).\n\n```html\n<div>code stays</div>\n```\n"
        ),
        main_category="web",
        sub_category="xss",
    )
    readme = next(settings.resolved_vault_dir.glob(f"web/xss/*-{item['id'][:8]}/README.md"))
    text = readme.read_text()
    body = text.split("---\n", 2)[2]
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script>" in body
    assert "javascript:" not in body and "&#106;avascript" not in body
    assert "data:text/html" not in body
    assert "[fine](https://example.org/page)" in body
    assert "<div>code stays</div>" in body  # code is shown, not rendered


def test_search_titles_are_escaped_like_snippets(kb: httpx.Client) -> None:
    make_item(kb, display_title="<script>alert(1)</script> pelican", enhanced_content="pelican")
    for mode in ("fulltext", "hybrid", "vector"):
        response = kb.post("/api/v1/content/search", json={"query": "pelican", "mode": mode})
        assert response.status_code == 200, response.text
        title = response.json()["results"][0]["title"]
        assert title == "&lt;script&gt;alert(1)&lt;/script&gt; pelican"


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/diff", {"from": 10**22, "to": 1}),
        ("GET", "/diff", {"from": 1, "to": 2**31}),
        ("POST", "/restore/6603967805746684362752", {}),
        ("POST", "/restore/919972249609", {}),
    ],
)
def test_huge_versions_are_refused(
    kb: httpx.Client, method: str, path: str, params: dict[str, Any]
) -> None:
    item = make_item(kb)
    response = kb.request(method, f"{ITEMS}/{item['id']}{path}", params=params)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "sub_category": ""},
        {"q": "x", "main_category": " "},
        {"q": "x", "source_type": "a\x00"},
    ],
)
def test_bad_embedding_search_filters_are_refused(kb: httpx.Client, params: dict[str, str]) -> None:
    response = kb.get("/api/v1/knowledge/embeddings/search", params=params)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (ITEMS, {"offset": 10**20}),
        ("/api/v1/agent/history", {"offset": 10**20}),
        ("/api/v1/system/logs", {"offset": 10**20}),
        ("/api/v1/chat/sessions", {"offset": 10**20}),
        (ITEMS, {"main_category": "a\x00"}),
    ],
)
def test_huge_offsets_and_nul_filters_are_refused(
    kb: httpx.Client, path: str, params: dict[str, Any]
) -> None:
    response = kb.get(path, params=params)
    assert response.status_code == 422, response.text
