"""First start: the one-time setup link, `kbagent user create --admin`, KBAGENT_AUTH=disabled."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from harness.server import serve
from sqlalchemy import delete, update

from auth.conftest import anon, login
from kbagent.auth.models import SetupToken, User
from kbagent.config import Settings, SettingsError, load_settings
from kbagent.db import open_database

API = "/api/v1"
KBAGENT = str(Path(sys.executable).with_name("kbagent"))


def _no_users(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            session.execute(delete(User))
            session.commit()
    finally:
        database.dispose()


def _setup(base: str, token: str, username: str = "root") -> httpx.Response:
    body = {"setup_token": token, "username": username, "password": "first admin password"}
    return anon.post(f"{base}{API}/auth/setup", json=body, timeout=30)


def test_setup_link_is_printed_and_valid_once(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_users(settings)
    with serve(settings, as_admin=False) as base:
        printed = capsys.readouterr().err
        match = re.search(r"http://127\.0\.0\.1:\d+/setup\?token=([A-Za-z0-9_-]+)", printed)
        assert match, printed
        token = match.group(1)
        status = anon.get(f"{base}{API}/auth/status").json()
        assert status == {"setup_required": True, "auth_enabled": True}
        # Nothing else is open meanwhile.
        assert anon.get(f"{base}{API}/content/items").status_code == 401
        wrong = _setup(base, "not-the-token")
        assert wrong.status_code == 403 and wrong.json()["error_code"] == "setup_token_invalid"
        created = _setup(base, token)
        assert created.status_code == 201, created.text
        session = created.json()
        assert session["user"]["role"] == "admin" and session["user"]["username"] == "root"
        headers = {"Authorization": f"Bearer {session['access_token']}"}
        assert anon.get(f"{base}{API}/content/items", headers=headers).status_code == 200
        assert anon.get(f"{base}{API}/auth/status").json()["setup_required"] is False
        # Once an account exists the endpoint is gone, token or not.
        again = _setup(base, token, "second")
        assert again.status_code == 404 and again.json()["error_code"] == "not_found"
        # Even with no account again, a used token stays used.
        _no_users(settings)
        assert _setup(base, token, "third").status_code == 403


def test_setup_token_expires(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _no_users(settings)
    with serve(settings, as_admin=False) as base:
        token = re.findall(r"setup\?token=([A-Za-z0-9_-]+)", capsys.readouterr().err)[-1]
        database = open_database(settings.resolved_database_url)
        try:
            with database.writer() as session:
                past = datetime.now(UTC) - timedelta(seconds=1)
                session.execute(update(SetupToken).values(expires_at=past))
                session.commit()
        finally:
            database.dispose()
        assert _setup(base, token).status_code == 403


def test_no_setup_link_once_an_account_exists(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(settings) as base:
        assert "setup?token=" not in capsys.readouterr().err
        assert _setup(base, "anything").status_code == 404


def test_cli_creates_the_first_admin(settings: Settings) -> None:
    _no_users(settings)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env |= {"KBAGENT_DATA_DIR": str(settings.data_dir),
            "KBAGENT_DATABASE_URL": settings.resolved_database_url}  # fmt: skip
    done = subprocess.run(
        [KBAGENT, "user", "create", "--admin", "--username", "boss"],
        input="a long password\na long password\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Created admin 'boss'" in done.stdout
    short = subprocess.run(
        [KBAGENT, "user", "create", "--username", "x", "--password", "short"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert short.returncode != 0 and "at least 8 characters" in short.stderr
    with serve(settings, as_admin=False) as base:
        session = login(base, "boss", "a long password")
        assert session.status_code == 200 and session.json()["user"]["role"] == "admin"


def test_auth_disabled_only_on_loopback(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="loopback"):
        load_settings(data_dir=tmp_path, auth="disabled", host="0.0.0.0")
    assert load_settings(data_dir=tmp_path, auth="disabled", host="127.0.0.1").auth == "disabled"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env |= {"KBAGENT_DATA_DIR": str(tmp_path), "KBAGENT_AUTH": "disabled"}
    refused = subprocess.run(
        [KBAGENT, "serve", "--host", "0.0.0.0", "--no-migrate"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert refused.returncode != 0 and "KBAGENT_AUTH=disabled" in refused.stderr


def test_auth_disabled_acts_as_admin_and_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    disabled = settings.model_copy(update={"auth": "disabled"})
    with caplog.at_level(logging.WARNING), serve(disabled, as_admin=False) as base:
        assert anon.get(f"{base}{API}/content/items").status_code == 200
        assert anon.get(f"{base}{API}/system/audit").status_code == 200
        assert anon.get(f"{base}{API}/auth/status").json()["auth_enabled"] is False
    assert any("AUTHENTICATION IS DISABLED" in r.getMessage() for r in caplog.records)
