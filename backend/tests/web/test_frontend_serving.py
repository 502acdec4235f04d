"""The backend serves the built web app at `/` with client-side routing (system/frontend.py)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from harness.server import serve

from kbagent.config import Settings


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><div id=root></div>")
    (folder / "assets" / "index-abc123.js").write_text("console.log(1)")
    (folder / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return folder


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_app_routes_fall_back_to_index(settings: Settings, dist: Path) -> None:
    with serve(settings.model_copy(update={"frontend_dist": dist})) as base:
        for path in ("/", "/knowledge", "/knowledge/items/abc", "/chat/s1?x=1", "/login"):
            response = httpx.get(f"{base}{path}")
            assert response.status_code == 200, path
            assert response.text.startswith("<!doctype html>"), path
            assert response.headers["cache-control"] == "no-cache"
        asset = httpx.get(f"{base}/assets/index-abc123.js")
        assert asset.text == "console.log(1)"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert httpx.get(f"{base}/favicon.svg").headers["cache-control"] == "no-cache"
        # A path that climbs out of the build gets index.html, never the file outside.
        escaped = httpx.get(f"{base}/assets/..%2F..%2Fsecret.txt")
        assert "outside the build" not in escaped.text
        assert httpx.head(f"{base}/knowledge").status_code == 200
        # A missing build asset is a 404, not index.html served as a script.
        assert httpx.get(f"{base}/assets/index-old.js").status_code == 404


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_api_paths_are_never_the_app(settings: Settings, dist: Path) -> None:
    with serve(settings.model_copy(update={"frontend_dist": dist})) as base:
        missing = httpx.get(f"{base}/api/v1/no-such-endpoint")
        assert missing.status_code == 404
        assert missing.json()["error_code"] == "not_found"
        assert httpx.post(f"{base}/api/v1/no-such-endpoint").status_code == 404
        assert httpx.get(f"{base}/api/v1/system/health").json()["status"] == "ok"
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "kbagent"
        assert httpx.post(f"{base}/knowledge").status_code in (404, 405)


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_without_a_build_the_page_says_how_to_build(settings: Settings, tmp_path: Path) -> None:
    with serve(settings.model_copy(update={"frontend_dist": tmp_path / "none"})) as base:
        page = httpx.get(f"{base}/knowledge")
    assert page.status_code == 200
    assert "make run" in page.text
