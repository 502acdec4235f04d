"""`GET /knowledge/items/{id}/media/{index}`: an item's images served to signed-in users,
only from the media area (a stored path that leaves it, through `..`, an absolute path or a
symlink, answers 404 and never the file), as images only when the bytes are one."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from auth.conftest import account, anon

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.knowledge.models import KnowledgeItem

from .conftest import ITEMS, make_item

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"pixels" * 8
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SECRET = base64.urlsafe_b64encode(b"SECRET-KEY-BYTES-never-leave-it!")


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> dict[str, str]:
    """Files in the media area, and stored paths that lead out of it."""
    data = settings.data_dir
    (data / "secret.key").write_bytes(SECRET + b"\n")
    (data / "secret.key").chmod(0o600)
    (tmp_path / "outside.png").write_bytes(SECRET)
    area = data / "media" / "ab"
    area.mkdir(parents=True)
    (area / "ok.png").write_bytes(PNG)
    (area / "drawing.png").write_bytes(SVG)  # named like an image, is not one
    os.symlink(data / "secret.key", area / "key-link.png")
    os.symlink(tmp_path / "outside.png", area / "out-link.png")
    os.symlink(data, area / "data-link")
    return {
        "traversal": "media/../secret.key",
        "parent": "../secret.key",
        "absolute": str(data / "secret.key"),
        "etc": "/etc/passwd",
        "symlink-to-key": "media/ab/key-link.png",
        "symlink-out": "media/ab/out-link.png",
        "through-linked-dir": "media/ab/data-link/secret.key",
        "missing": "media/ab/missing.png",
        "the-area-itself": "media/ab",
    }


def _with_description(kb: httpx.Client) -> dict[str, Any]:
    entry = {"kind": "image", "status": "stored", "path": "media/ab/ok.png",
             "description": "A green square on white."}  # fmt: skip
    body = {
        "source_type": "url",
        "source_id": "https://e.org/p",
        "title": "P",
        "media_files": [entry],
    }
    content = kb.post("/api/v1/content/items", json=body)
    assert content.status_code == 201, content.text
    return make_item(
        kb,
        content_item_id=content.json()["id"],
        media_paths=["media/ab/ok.png", "media/ab/drawing.png"],
    )


def _store_paths(settings: Settings, item_id: str, paths: list[str]) -> None:
    """Paths the API refuses, written as an older row or a hand edit of the database has them."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            row = session.get(KnowledgeItem, item_id)
            assert row is not None
            row.media_paths = paths
            session.commit()
    finally:
        database.dispose()


def test_an_image_is_served_with_its_description_and_headers(
    kb: httpx.Client, media: dict[str, str]
) -> None:
    item = _with_description(kb)
    read = kb.get(f"{ITEMS}/{item['id']}").json()
    assert read["media"] == [
        {"index": 0, "path": "media/ab/ok.png", "description": "A green square on white."},
        {"index": 1, "path": "media/ab/drawing.png", "description": None},
    ]
    assert read["model"] is None  # made through the API, not by a model

    image = kb.get(f"{ITEMS}/{item['id']}/media/0")
    assert image.status_code == 200, image.text
    assert image.content == PNG
    assert image.headers["content-type"] == "image/png"
    assert image.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in image.headers["content-security-policy"]
    assert "content-disposition" not in image.headers
    assert image.headers["cache-control"].startswith("private")
    etag = image.headers["etag"]

    again = kb.get(f"{ITEMS}/{item['id']}/media/0", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag


def test_a_file_that_is_not_an_image_is_a_download(kb: httpx.Client, media: dict[str, str]) -> None:
    item = _with_description(kb)
    svg = kb.get(f"{ITEMS}/{item['id']}/media/1")
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "application/octet-stream"
    assert svg.headers["content-disposition"].startswith("attachment")
    assert svg.headers["x-content-type-options"] == "nosniff"


def test_no_such_index_or_item_is_a_404_envelope(kb: httpx.Client, media: dict[str, str]) -> None:
    item = _with_description(kb)
    for url in (f"{ITEMS}/{item['id']}/media/2", f"{ITEMS}/no-such-item/media/0"):
        missing = kb.get(url)
        assert missing.status_code == 404, missing.text
        assert missing.json()["error_code"] == "not_found"
        assert missing.json()["request_id"]
    negative = kb.get(f"{ITEMS}/{item['id']}/media/-1")
    assert negative.status_code == 422
    assert negative.json()["error_code"] == "validation_error"


def test_paths_out_of_the_media_area_are_refused(
    kb: httpx.Client, settings: Settings, media: dict[str, str]
) -> None:
    item = make_item(kb)
    hostile = list(media.values())
    _store_paths(settings, item["id"], hostile)
    assert kb.get(f"{ITEMS}/{item['id']}").json()["media_paths"] == hostile
    for index, (name, path) in enumerate(media.items()):
        refused = kb.get(f"{ITEMS}/{item['id']}/media/{index}")
        assert refused.status_code == 404, (name, path, refused.status_code)
        body = refused.json()
        assert body["error_code"] == "not_found", (name, body)
        assert SECRET not in refused.content and b"root:" not in refused.content, name


def test_a_viewer_may_see_media_and_no_credentials_may_not(
    kb: httpx.Client, media: dict[str, str]
) -> None:
    item = _with_description(kb)
    base = str(kb.base_url).rstrip("/")
    url = f"{base}{ITEMS}/{item['id']}/media/0"
    viewer = account(base, "media-viewer", "viewer")
    seen = anon.get(url, headers=viewer.headers)
    assert seen.status_code == 200 and seen.content == PNG
    unsigned = anon.get(url)
    assert unsigned.status_code == 401
    assert unsigned.json()["error_code"] == "not_authenticated"
    assert PNG not in unsigned.content
