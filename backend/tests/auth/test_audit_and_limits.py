"""The audit log (who did what, kept in the database) and the login rate limits."""

from __future__ import annotations

from harness import admin
from harness.server import serve

from auth.conftest import account, anon, create_user, login
from kbagent.config import Settings

API = "/api/v1"


def _audit(base: str, **params: object) -> dict[str, object]:
    response = admin.get(f"{base}{API}/system/audit", params=params, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _actions(base: str, **params: object) -> list[str]:
    return [e["action"] for e in _audit(base, **params)["items"]]  # type: ignore[index, union-attr]


def test_user_actions_are_audited_and_kept(settings: Settings) -> None:
    with serve(settings) as base:
        account(base, "amy", "editor")
        assert login(base, "amy", "wrong password").status_code == 401
        key = admin.post(f"{base}{API}/auth/keys", json={"name": "k", "role": "viewer"}).json()
        admin.request("DELETE", f"{base}{API}/auth/keys/{key['key']['id']}")
        item = admin.post(
            f"{base}{API}/content/items",
            json={"title": "t", "content": "c", "source_type": "url", "source_id": "audit-1"},
        )
        assert item.status_code == 201, item.text
        deleted = admin.request("DELETE", f"{base}{API}/content/items/{item.json()['id']}")
        assert deleted.status_code in (200, 204)
        assert admin.get(f"{base}{API}/knowledge/vault/export", timeout=60).status_code == 200
        actions = _actions(base)
        for expected in ("user.create", "auth.login", "auth.login_failed", "key.create",
                         "key.revoke", "api.post", "delete", "vault.export"):  # fmt: skip
            assert expected in actions, (expected, actions)
        failed = _audit(base, action="auth.login_failed")
        entry = failed["items"][0]  # type: ignore[index]
        assert entry["actor"] == "amy" and entry["client"] == "127.0.0.1"
        assert entry["request_id"]
        deletes = _audit(base, action="delete")["items"]
        assert deletes[0]["actor"] == "harness-admin"  # type: ignore[index]
        assert deletes[0]["target"].startswith(f"{API}/content/items/")  # type: ignore[index]
        page = _audit(base, limit=2, offset=1)
        assert len(page["items"]) == 2 and page["total"] == len(actions)  # type: ignore[arg-type]
        assert _audit(base, actor="amy")["total"] >= 2  # type: ignore[operator]
        viewer = account(base, "vic", "viewer")
        refused = anon.get(f"{base}{API}/system/audit", headers=viewer.headers)
        assert refused.status_code == 403
    with serve(settings) as base:  # a restart keeps them (they are in the database)
        assert "vault.export" in _actions(base)


def test_login_is_rate_limited_per_account(base_url: str) -> None:
    create_user(base_url, "ray", "viewer")
    for _ in range(5):
        assert login(base_url, "ray", "wrong password").status_code == 401
    limited = login(base_url, "ray")  # even the right password, until the window passes
    assert limited.status_code == 429
    assert limited.json()["error_code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60
    assert limited.json()["details"]["retry_after_seconds"] == int(limited.headers["Retry-After"])
    assert limited.json()["message"].endswith(("minutes.", "minute.", "seconds.")), limited.text
    assert "15 minutes" in limited.json()["message"]  # said as a person says it, rounded up
    # Other accounts are not locked out by it.
    create_user(base_url, "sue", "viewer")
    assert login(base_url, "sue").status_code == 200


def test_login_is_rate_limited_per_client(base_url: str) -> None:
    create_user(base_url, "tom", "viewer")
    for n in range(20):  # 20 failures over many account names from one address
        assert login(base_url, f"guess{n // 4}", "wrong password").status_code == 401
    limited = login(base_url, "tom")
    assert limited.status_code == 429 and "Retry-After" in limited.headers
