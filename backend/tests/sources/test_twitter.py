"""X bookmarks end to end against the fake X API: OAuth with PKCE, sync, threads, media."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from harness import admin
from harness.runs import started_run
from harness.server import serve
from sqlalchemy import select

from kbagent.config import Settings, load_settings
from kbagent.credentials import sealing
from kbagent.db import Database
from kbagent.sources.models import SourceCredential
from kbagent.sources.twitter.client import RateLimited, XClient

from .conftest import stored
from .fake_x import FakeX, populated, post, serve_fake_x


@pytest.fixture
def fake() -> Iterator[FakeX]:
    with serve_fake_x(FakeX()) as running:
        yield populated(running)


@pytest.fixture
def x_settings(settings: Settings, fake: FakeX) -> Settings:
    return settings.model_copy(
        update={
            "x_client_id": fake.client_id,
            "x_redirect_uri": fake.redirect_uri,
            "x_api_base_url": fake.base,
            "x_authorize_url": f"{fake.base}/i/oauth2/authorize",
            "fetch_allow_hosts": fake.base.removeprefix("http://"),
        }
    )


@pytest.fixture
def app(x_settings: Settings) -> Iterator[str]:
    with serve(x_settings) as base:
        yield base


def _sync(app: str) -> dict[str, Any]:
    """POST /sources/x/sync starts a fetch_only run; its fetch phase's outcome is the report."""
    with admin.Client(base_url=app, timeout=30) as client:
        run = started_run(client, "/api/v1/sources/x/sync")
    fetch = next(p for p in run["phases"] if p["name"] == "fetch")
    assert fetch["error"] is None, fetch
    return dict(fetch["outcome"])


def _connect(app: str, fake: FakeX) -> dict[str, str]:
    start = admin.get(f"{app}/api/v1/sources/x/authorize", timeout=10).json()
    query = parse_qs(urlparse(start["authorize_url"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["tweet.read users.read bookmark.read offline.access"]
    assert query["state"] == [start["state"]]
    code = fake.authorise(query["code_challenge"][0])
    response = admin.get(
        f"{app}/api/v1/sources/x/callback",
        params={"code": code, "state": start["state"]},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_connect_and_sync(app: str, fake: FakeX, database: Database, x_settings: Settings) -> None:
    assert _connect(app, fake)["account_name"] == "alice"
    with database.reader() as session:
        credential = session.scalars(select(SourceCredential)).one()
    access = sorted(fake.access)[0]
    assert access not in credential.token_ciphertext  # encrypted at rest
    assert sealing.unseal(x_settings, credential.token_ciphertext)["access_token"] == access

    report = _sync(app)
    assert (report["new"], report["failed"]) == (6, 1)
    assert report["failures"][0]["ref"] == "999"
    assert "Could not find tweet" in report["failures"][0]["reason"]

    items = stored(database, "x")
    first = items["300"]
    assert first.content == "Read this https://example.com/a now"  # t.co expanded, pic link dropped
    assert first.raw_data and first.raw_data["url"] == "https://x.com/bob/status/300"
    [photo] = first.media_files
    assert photo["status"] == "stored" and photo["url"].endswith("photo.jpg?name=orig")
    assert (x_settings.data_dir / photo["path"]).exists()

    thread = items["290"]
    assert thread.content == "1/ Threads start here\n\n2/ the middle\n\n3/ the end"
    assert thread.raw_data and thread.raw_data["thread_ids"] == ["280", "285", "290"]

    long_post = items["270"]
    assert long_post.content.startswith("A long post, in full: word word")
    assert "> @carol: The quoted original" in long_post.content

    video, poster = items["250"].media_files
    assert video["url"].endswith("/media/high.mp4") and video["status"] == "stored"
    assert (x_settings.data_dir / video["path"]).read_bytes().endswith(b"high")
    assert poster["kind"] == "poster" and poster["url"].endswith("/media/poster.jpg")
    assert poster["status"] == "stored"

    assert items["240"].raw_data and items["240"].raw_data["quoted"] == [
        {"id": "999", "missing": True}
    ]
    [gone] = items["230"].media_files
    assert gone["status"] == "failed" and gone["path"] is None and "404" in gone["error"]

    # Incremental: one new bookmark on top; the sync stops at the first stored post.
    fake.bookmarks.insert(0, post("310", "Fresh bookmark"))
    fake.log.clear()
    again = _sync(app)
    assert (again["new"], again["unchanged"], again["updated"]) == (1, 0, 0)
    pages = [q for method, path, q in fake.log if path == "/2/users/42/bookmarks"]
    assert len(pages) == 1
    assert len(stored(database, "x")) == 7


def test_token_is_refreshed_before_expiry(
    app: str, fake: FakeX, database: Database, x_settings: Settings
) -> None:
    fake.expires_in = 60  # inside the refresh margin: the next use must refresh first
    _connect(app, fake)
    fake.bookmarks = fake.bookmarks[:1]
    _sync(app)
    grants = [q["grant_type"] for method, path, q in fake.log if path == "/2/oauth2/token"]
    assert grants == [["authorization_code"], ["refresh_token"]]


def test_callback_with_unknown_state_or_bad_verifier(app: str, fake: FakeX) -> None:
    response = admin.get(
        f"{app}/api/v1/sources/x/callback", params={"code": "x", "state": "forged"}, timeout=10
    )
    assert response.status_code == 422 and "state" in response.json()["message"]
    start = admin.get(f"{app}/api/v1/sources/x/authorize", timeout=10).json()
    code = fake.authorise("a-challenge-from-someone-else")
    response = admin.get(
        f"{app}/api/v1/sources/x/callback",
        params={"code": code, "state": start["state"]},
        timeout=10,
    )
    assert response.status_code == 502  # X refused the PKCE verifier
    sync = admin.post(f"{app}/api/v1/sources/x/sync", timeout=10)
    assert sync.status_code == 404 and sync.json()["error_code"] == "not_found"


def test_rate_limit_waits_for_reset(fake: FakeX) -> None:
    settings = load_settings(x_api_base_url=fake.base, x_rate_limit_max_wait_seconds=120)
    fake.access.add("token")
    fake.rate_limited, fake.reset_in = 2, 30
    waits: list[float] = []
    with XClient(settings, sleep=waits.append) as client:
        pages = list(client.bookmark_pages("42", "token"))
    assert len(pages) == 3 and len(waits) == 2
    assert all(29 <= w <= 32 for w in waits)

    fake.rate_limited, fake.reset_in = 1, 900
    with XClient(settings, sleep=waits.append) as client, pytest.raises(RateLimited) as caught:
        list(client.bookmark_pages("42", "token"))
    assert caught.value.details["retry_after_seconds"] >= 899


def test_connection_status_before_and_after_connect_and_sync(app: str, fake: FakeX) -> None:
    """GET /sources/x/connection: what the web app's X panel shows."""
    before = admin.get(f"{app}/api/v1/sources/x/connection", timeout=10).json()
    assert before["connected"] is False
    assert before["account_name"] is None and before["last_sync_at"] is None
    _connect(app, fake)
    connected = admin.get(f"{app}/api/v1/sources/x/connection", timeout=10).json()
    assert connected["connected"] is True
    assert (connected["account_id"], connected["account_name"]) == ("42", "alice")
    assert connected["last_sync_at"] is None
    fake.bookmarks = fake.bookmarks[:1]
    _sync(app)
    synced = admin.get(f"{app}/api/v1/sources/x/connection", timeout=10).json()
    assert synced["last_sync_at"] is not None
