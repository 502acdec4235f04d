"""Nothing outside the media area reaches a model, the vault or its zip, even when a stored
media entry points there (a row written before the API refused it, or a symlink planted in
the media area); the vision model stand-in records every request it gets."""

from __future__ import annotations

import base64
import io
import json
import os
import time
import zipfile
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
from kbagent.content.models import ContentItem
from kbagent.db import open_database

# A well-formed key file (a Fernet key, private to its owner), so the server starts on it.
SECRET = base64.urlsafe_b64encode(b"SECRET-KEY-BYTES-never-leave-it!")
PNG = b"\x89PNG\r\n\x1a\n" + b"fine image bytes" * 4


def _b64_prefix(data: bytes) -> str:
    """How the start of a file looks inside a request that carries it base64-encoded."""
    return base64.b64encode(data[:30]).decode()[:36]


@pytest.fixture
def model_server() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


@pytest.fixture
def planted(settings: Settings, tmp_path: Path) -> dict[str, str]:
    data = settings.data_dir
    (data / "secret.key").write_bytes(SECRET + b"\n")
    (data / "secret.key").chmod(0o600)
    (tmp_path / "outside.png").write_bytes(SECRET)
    media = data / "media"
    media.mkdir(exist_ok=True)
    (media / "ok.png").write_bytes(PNG)
    os.symlink(data / "secret.key", media / "key-link.png")
    os.symlink(tmp_path / "outside.png", media / "out-link.png")
    (media / "sub").mkdir()
    os.symlink(data, media / "sub" / "data-link")
    return {
        "key": "../../secret.key",
        "key-in-data": "secret.key",
        "absolute": "/etc/passwd",
        "database": str(data / "kbagent.db"),
        "symlink-to-key": "media/key-link.png",
        "symlink-out": "media/out-link.png",
        "through-linked-dir": "media/sub/data-link/secret.key",
    }


def _run(client: httpx.Client) -> dict[str, Any]:
    started = client.post("/api/v1/agent/start", json={})
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"/api/v1/agent/status/{started.json()['id']}").json()
        if status["status"] in TERMINAL:
            return dict(status)
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def _entry(path: str) -> dict[str, Any]:
    return {"kind": "photo", "path": path, "status": "stored"}


def test_media_outside_the_area_is_refused_and_never_read(
    settings: Settings, model_server: tuple[str, State], planted: dict[str, str]
) -> None:
    url, state = model_server
    configured = settings.model_copy(update=model_settings(url))
    with serve(configured) as base, admin.Client(base_url=base, timeout=60) as client:
        # At the API: every path out of the media area is a 422 with the envelope.
        for name, path in planted.items():
            body = {
                "source_type": "url",
                "source_id": f"https://e.org/{name}",
                "title": f"refused {name}",
                "media_files": [_entry("media/ok.png"), _entry(path)],
            }
            refused = client.post("/api/v1/content/items", json=body)
            assert refused.status_code == 422, (name, refused.text)
            assert refused.json()["error_code"] == "validation_error"

        created = client.post(
            "/api/v1/content/items",
            json={
                "source_type": "url",
                "source_id": "https://e.org/leaky",
                "title": "leaky post with images",
                "content": "A post about diagrams. It shows one image worth describing here.",
                "media_files": [_entry("media/ok.png")],
            },
        )
        assert created.status_code == 201, created.text
        updated = client.put(
            f"/api/v1/content/items/{created.json()['id']}",
            json={"media_files": [_entry(planted["symlink-to-key"])]},
        )
        assert updated.status_code == 422, updated.text

        # Stored anyway (an old row): the pipeline skips them, with the reason logged.
        database = open_database(settings.resolved_database_url)
        try:
            with database.writer() as session:
                row = session.get(ContentItem, created.json()["id"])
                assert row is not None
                row.media_files = [_entry("media/ok.png")] + [_entry(p) for p in planted.values()]
                session.commit()
        finally:
            database.dispose()

        done = _run(client)
        assert done["status"] == "completed", done
        item = client.get(f"/api/v1/content/items/{created.json()['id']}").json()
        described = [m for m in item["media_files"] if m.get("description")]
        assert [m["path"] for m in described] == ["media/ok.png"]
        exported = client.get("/api/v1/knowledge/vault/export")
        assert exported.status_code == 200

    sent = json.dumps(list(state.requests))
    assert _b64_prefix(PNG) in sent  # the image in the media area was described
    forbidden = [SECRET, Path("/etc/passwd").read_bytes(), b"SQLite format 3\x00"]
    for data in forbidden:
        assert _b64_prefix(data) not in sent
    assert SECRET.decode() not in sent

    vault = settings.resolved_vault_dir
    files = [p for p in vault.rglob("*") if p.is_file()]
    assert any(p.name == "ok.png" for p in files)
    assert not any(SECRET in p.read_bytes() for p in files)
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert any(n.endswith("/ok.png") for n in archive.namelist())
    assert all(SECRET not in archive.read(n) for n in archive.namelist())
    assert not any(n.endswith(("secret.key", "passwd", "kbagent.db")) for n in archive.namelist())
