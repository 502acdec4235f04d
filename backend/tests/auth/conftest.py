"""Accounts of each role on a real server, signed in over the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from harness import admin

PASSWORD = "correct horse battery"
TIMEOUT = 60  # argon2 on a loaded two-core machine can take seconds


class anon:
    """httpx calls with a timeout that holds under load (credentials only if given)."""

    @staticmethod
    def get(url: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(url, **{"timeout": TIMEOUT, **kwargs})

    @staticmethod
    def post(url: str, **kwargs: Any) -> httpx.Response:
        return httpx.post(url, **{"timeout": TIMEOUT, **kwargs})

    @staticmethod
    def delete(url: str, **kwargs: Any) -> httpx.Response:
        return httpx.delete(url, **{"timeout": TIMEOUT, **kwargs})

    @staticmethod
    def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, url, **{"timeout": TIMEOUT, **kwargs})


@dataclass
class Account:
    username: str
    role: str
    session: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.session['access_token']}"}


def create_user(base: str, username: str, role: str, password: str = PASSWORD) -> dict[str, Any]:
    response = admin.post(
        f"{base}/api/v1/users",
        json={"username": username, "password": password, "role": role},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def login(base: str, username: str, password: str = PASSWORD) -> httpx.Response:
    return anon.post(f"{base}/api/v1/auth/login", json={"username": username, "password": password})


def account(base: str, username: str, role: str) -> Account:
    create_user(base, username, role)
    response = login(base, username)
    assert response.status_code == 200, response.text
    return Account(username, role, response.json())


@pytest.fixture
def accounts(base_url: str) -> Iterator[dict[str, Account]]:
    yield {role: account(base_url, f"{role}-user", role) for role in ("viewer", "editor", "admin")}
