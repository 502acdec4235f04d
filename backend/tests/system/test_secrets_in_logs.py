"""No secret reaches a log line: a whole session against `kbagent serve` at DEBUG level.

The session connects an X account (the X API stand-in hands out long tokens), syncs it, runs
the pipeline on a model server that needs an API key, sends requests carrying
`Authorization: Bearer` and session cookies, and fails a push to a git remote whose URL holds a
password. Then the server's whole log (its stderr) is searched for every secret value.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from harness import admin
from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port
from harness.runs import wait_run
from harness.server import serve_command
from sources.fake_x import FakeX, populated, serve_fake_x

from kbagent.config import Settings

OPENAI_KEY = "sk-openai-key-never-logged-0123456789"
X_CLIENT_SECRET = "x-client-secret-never-logged-42"
BEARER = "bearer-token-never-logged-abcdef"
COOKIE = "cookie-session-never-logged-fedcba"
CSRF = "csrf-token-never-logged-777777"
GIT_PASSWORD = "git-password-never-logged-31337"


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    with serve_fake_x(FakeX(token_prefix="x-oauth-token-never-logged-")) as running:
        yield populated(running)


def _connect(client: httpx.Client, fake: FakeX) -> None:
    start = client.get("/api/v1/sources/x/authorize")
    assert start.status_code == 200, start.text
    query = parse_qs(urlparse(start.json()["authorize_url"]).query)
    code = fake.authorise(query["code_challenge"][0])
    done = client.get(
        "/api/v1/sources/x/callback", params={"code": code, "state": start.json()["state"]}
    )
    assert done.status_code == 200, done.text


def _started(client: httpx.Client, path: str, body: Any = None) -> dict[str, Any]:
    started = client.post(path, json=body)
    assert started.status_code == 202, started.text
    return wait_run(client, started.json()["id"], hang_guard_s=180)


def test_a_whole_session_logs_no_secret(settings: Settings, fake_x: FakeX, tmp_path: Path) -> None:
    log_path = tmp_path / "server.log"
    port = free_port()
    with run_openai_server() as (model_url, model_state):
        configured = settings.model_copy(
            update={
                **model_settings(model_url),
                "x_client_id": fake_x.client_id,
                "x_redirect_uri": fake_x.redirect_uri,
                "x_api_base_url": fake_x.base,
                "x_authorize_url": f"{fake_x.base}/i/oauth2/authorize",
                "fetch_allow_hosts": fake_x.base.removeprefix("http://"),
                "pipeline_retry_base_seconds": 0.01,
            }
        )
        env = settings_env(
            configured,
            KBAGENT_LOG_LEVEL="DEBUG",
            KBAGENT_OPENAI_API_KEY=OPENAI_KEY,
            KBAGENT_X_CLIENT_SECRET=X_CLIENT_SECRET,
            KBAGENT_VAULT_GIT_REMOTE=f"http://kb:{GIT_PASSWORD}@127.0.0.1:9/vault.git",
        )
        kbagent = str(Path(sys.executable).with_name("kbagent"))
        command = [kbagent, "serve", "--port", str(port)]
        with (
            log_path.open("wb") as log,
            serve_command(command, env, port, log) as base,
            httpx.Client(base_url=base, timeout=60) as client,
        ):
            # Signed in as a browser is: session cookies plus the CSRF header.
            login = client.post(
                "/api/v1/auth/login", json={"username": admin.USERNAME, "password": admin.PASSWORD}
            )
            assert login.status_code == 200, login.text
            session = login.json()
            client.headers["X-CSRF-Token"] = session["csrf_token"]
            made = client.post("/api/v1/auth/keys", json={"name": "script", "role": "editor"})
            assert made.status_code == 201, made.text
            api_key = made.json()["secret"]
            _connect(client, fake_x)
            synced = _started(client, "/api/v1/sources/x/sync")
            assert synced["status"] == "completed", synced
            processed = _started(client, "/api/v1/agent/start", {})
            assert processed["status"] in ("completed", "failed"), processed
            secret_headers = {
                "Authorization": f"Bearer {BEARER}",
                "Cookie": f"kbagent_access={COOKIE}; kbagent_csrf={CSRF}",
                "X-CSRF-Token": CSRF,
            }
            refused = client.get("/api/v1/system/models", headers=secret_headers)
            assert refused.status_code == 401, refused.text  # unknown token: refused, not logged
            by_key = {"Authorization": f"Bearer {api_key}"}
            assert client.get("/api/v1/system/models", headers=by_key).is_success
            client.post("/api/v1/content/items", json={"bad": True}, headers=secret_headers)
            client.get("/api/v1/nowhere", headers=secret_headers)
            pushed = _started(client, "/api/v1/knowledge/vault/git")
            git = next(p for p in pushed["phases"] if p["name"] == "git")
            assert git["error"] == "git push failed.", git
            events = client.get("/api/v1/system/logs", params={"limit": 500}).text
            time.sleep(0.2)  # the last access-log lines
    logs = log_path.read_text()

    # The secrets were really in play...
    assert any(
        r["headers"].get("Authorization") == f"Bearer {OPENAI_KEY}" for r in model_state.requests
    )
    tokens = sorted(fake_x.access | fake_x.refresh)
    assert tokens and any(path == "/2/users/42/bookmarks" for _, path, _ in fake_x.log)
    key_file = settings.data_dir / "secret.key"
    secrets = [OPENAI_KEY, X_CLIENT_SECRET, BEARER, COOKIE, CSRF, GIT_PASSWORD, *tokens]
    secrets += [admin.PASSWORD, session["access_token"], session["refresh_token"], api_key]
    secrets.append(key_file.read_text().strip())
    # ...the server logged plenty at DEBUG level...
    assert len(logs.splitlines()) > 50 and '"level": "DEBUG"' in logs
    assert "x-oauth-token" not in logs  # not even a prefix of an X token
    # ...and no secret is in the log, nor in the logs the API serves.
    for secret in secrets:
        assert secret not in logs, secret[:12]
        assert secret not in events, secret[:12]
