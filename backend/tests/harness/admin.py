"""Talking to a test server as its admin: every database the harness serves has a harness
admin with a known API key (`provision`), and these wrappers send it as
`Authorization: Bearer` - the way a script uses kbagent. Auth stays on in every test."""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
from sqlalchemy.exc import SQLAlchemyError
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect as ws_connect

from kbagent.auth import repository
from kbagent.auth.models import ApiKey, User
from kbagent.auth.passwords import hash_password
from kbagent.auth.tokens import digest
from kbagent.config import Settings
from kbagent.db import open_database

USERNAME = "harness-admin"
PASSWORD = "harness-admin-password"
KEY = "kbk_harness-admin-key-0123456789abcdefghijklmnopqrstuvwx"
HEADERS = {"Authorization": f"Bearer {KEY}"}


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)  # once per process: argon2 is slow on purpose


def provision(settings: Settings, *, repair: bool = False) -> None:
    """The harness admin and its key, unless the database has them (or has no schema yet).
    `repair`: also undo a revocation of the key or a demotion of the user (fuzzing does both)."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            found = repository.api_key_by_hash(session, digest(KEY))
            if found is not None:
                if repair:
                    found[0].revoked_at = None
                    found[0].role = found[1].role = "admin"
                    session.commit()
                return
            user = repository.user_by_name(session, USERNAME)
            if user is None:
                user = User(username=USERNAME, password_hash=_password_hash(), role="admin")
                repository.add(session, user)
            key = ApiKey(
                user_id=user.id, name="harness", role="admin", prefix=KEY[:12],
                secret_hash=digest(KEY),
            )  # fmt: skip
            repository.add(session, key)
            session.commit()
    except SQLAlchemyError:
        pass  # an unmigrated database: the test is about that
    finally:
        database.dispose()


def _headers(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The admin's headers over the caller's; also a timeout that holds on a loaded machine."""
    kwargs.setdefault("timeout", 60)
    return {**HEADERS, **(kwargs.pop("headers", None) or {})}


def Client(**kwargs: Any) -> httpx.Client:
    return httpx.Client(headers=_headers(kwargs), **kwargs)


def AsyncClient(**kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(headers=_headers(kwargs), **kwargs)


def get(url: str, **kwargs: Any) -> httpx.Response:
    return httpx.get(url, headers=_headers(kwargs), **kwargs)


def post(url: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(url, headers=_headers(kwargs), **kwargs)


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, url, headers=_headers(kwargs), **kwargs)


def connect(url: str, **kwargs: Any) -> ClientConnection:
    """A WebSocket connection as the harness admin."""
    extra = {**HEADERS, **dict(kwargs.pop("additional_headers", None) or {})}
    return ws_connect(url, additional_headers=extra, **kwargs)
