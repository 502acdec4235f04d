"""Sessions: access tokens, refresh rotation and reuse, cookies with CSRF, logout, API keys."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import jwt

from auth.conftest import Account, account, anon, login
from kbagent.auth.tokens import Signer
from kbagent.config import Settings
from kbagent.credentials.sealing import instance_key

API = "/api/v1"


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _me(base: str, token: str) -> httpx.Response:
    return anon.get(f"{base}{API}/auth/me", headers={"Authorization": f"Bearer {token}"})


def test_login_gives_a_session_that_works(base_url: str) -> None:
    viewer = account(base_url, "vera", "viewer")
    session = viewer.session
    assert session["user"]["username"] == "vera" and session["user"]["role"] == "viewer"
    assert session["user"]["last_login_at"] is not None
    assert session["csrf_token"] and session["refresh_token"].startswith("kbr_")
    me = _me(base_url, session["access_token"])
    assert me.status_code == 200 and me.json()["username"] == "vera"


def test_wrong_password_and_unknown_user_read_the_same(base_url: str) -> None:
    account(base_url, "walt", "viewer")
    for name, password in (("walt", "wrong password"), ("nobody", "wrong password")):
        response = login(base_url, name, password)
        assert response.status_code == 401
        assert response.json()["error_code"] == "invalid_credentials"


def test_forged_tokens_are_refused(base_url: str, accounts: dict[str, Account]) -> None:
    real = accounts["admin"].session["access_token"]
    header, claims, _ = real.split(".")
    payload = json.loads(base64.urlsafe_b64decode(claims + "=="))
    # alg none: no signature at all
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{claims}."
    # signed with another key
    wrong_key = jwt.encode(payload, "not the instance key" * 3, algorithm="HS256")
    # a real signature over claims that were changed afterwards
    tampered = f"{header}.{_b64({**payload, 'sub': '999'})}.{real.split('.')[2]}"
    for token in (unsigned, wrong_key, tampered, "garbage"):
        response = _me(base_url, token)
        assert response.status_code == 401, token
        assert response.json()["error_code"] == "not_authenticated"
    assert _me(base_url, real).status_code == 200


def test_an_expired_access_token_reads_session_expired(settings: Settings, base_url: str) -> None:
    base = base_url
    signer = Signer(instance_key(settings))  # the server's key: the test shares its data dir
    real = login(base, "harness-admin", "harness-admin-password").json()
    claims = jwt.decode(real["access_token"], options={"verify_signature": False})
    past = datetime.now(UTC) - timedelta(hours=1)
    token, _ = signer.access_token(int(claims["sub"]), claims["sid"], timedelta(minutes=5), past)
    response = _me(base, token)
    assert response.status_code == 401
    assert response.json()["error_code"] == "session_expired"
    fresh, _ = signer.access_token(int(claims["sub"]), claims["sid"], timedelta(minutes=5))
    assert _me(base, fresh).status_code == 200


def test_refresh_rotates_and_a_replay_kills_the_family(base_url: str) -> None:
    first = account(base_url, "rita", "editor").session
    rotated = anon.post(
        f"{base_url}{API}/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert _me(base_url, second["access_token"]).status_code == 200
    # The used-up token again: a replay. The family dies, with the thief's and the user's tokens.
    replay = anon.post(
        f"{base_url}{API}/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401 and replay.json()["error_code"] == "session_expired"
    after = anon.post(
        f"{base_url}{API}/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert after.status_code == 401
    assert _me(base_url, second["access_token"]).status_code == 401
    unknown = anon.post(f"{base_url}{API}/auth/refresh", json={"refresh_token": "kbr_nope"})
    assert unknown.status_code == 401
    assert anon.post(f"{base_url}{API}/auth/refresh").status_code == 401


def test_logout_revokes_the_session(base_url: str) -> None:
    session = account(base_url, "lou", "viewer").session
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    assert anon.post(f"{base_url}{API}/auth/logout", headers=headers).status_code == 204
    assert _me(base_url, session["access_token"]).status_code == 401
    refresh = anon.post(
        f"{base_url}{API}/auth/refresh", json={"refresh_token": session["refresh_token"]}
    )
    assert refresh.status_code == 401


def test_cookies_need_the_csrf_token_on_unsafe_methods(base_url: str) -> None:
    account(base_url, "cora", "editor")
    with httpx.Client(base_url=base_url, timeout=60) as browser:
        signed_in = browser.post(
            f"{API}/auth/login", json={"username": "cora", "password": "correct horse battery"}
        )
        assert signed_in.status_code == 200
        jar = {c.name: c for c in browser.cookies.jar}
        assert {"kbagent_access", "kbagent_refresh", "kbagent_csrf"} <= set(jar)
        assert jar["kbagent_refresh"].path == "/api/v1/auth"
        raw = signed_in.headers.get_list("set-cookie")
        access = next(c for c in raw if c.startswith("kbagent_access="))
        csrf = next(c for c in raw if c.startswith("kbagent_csrf="))
        assert "HttpOnly" in access and "SameSite=lax" in access and "Secure" not in access
        assert "HttpOnly" not in csrf
        assert browser.get(f"{API}/auth/me").status_code == 200  # safe: no CSRF needed
        refused = browser.post(f"{API}/chat/sessions", json={})
        assert refused.status_code == 403 and refused.json()["error_code"] == "csrf_failed"
        wrong = browser.post(f"{API}/chat/sessions", json={}, headers={"X-CSRF-Token": "x"})
        assert wrong.status_code == 403
        token = signed_in.json()["csrf_token"]
        ok = browser.post(f"{API}/chat/sessions", json={}, headers={"X-CSRF-Token": token})
        assert ok.status_code == 201, ok.text
        # The refresh cookie alone refreshes; the rotated cookies replace the old ones.
        refreshed = browser.post(f"{API}/auth/refresh")
        assert refreshed.status_code == 200
        assert browser.get(f"{API}/auth/me").status_code == 200
        out = browser.post(f"{API}/auth/logout", headers={"X-CSRF-Token": token})
        assert out.status_code == 204
        assert browser.get(f"{API}/auth/me").status_code == 401


def test_api_keys_shown_once_scoped_and_revocable(base_url: str) -> None:
    editor = account(base_url, "kim", "editor")
    created = anon.post(
        f"{base_url}{API}/auth/keys",
        json={"name": "script", "role": "viewer"},
        headers=editor.headers,
    )
    assert created.status_code == 201, created.text
    key, secret = created.json()["key"], created.json()["secret"]
    assert secret.startswith(key["prefix"]) and key["last_used_at"] is None
    as_key = {"Authorization": f"Bearer {secret}"}
    assert anon.get(f"{base_url}{API}/content/items", headers=as_key).status_code == 200
    # The key's role, not its owner's: a viewer key cannot write.
    write = anon.post(f"{base_url}{API}/chat/sessions", json={}, headers=as_key)
    assert write.status_code == 403
    listed = anon.get(f"{base_url}{API}/auth/keys", headers=editor.headers).json()
    assert [k["name"] for k in listed] == ["script"]
    assert listed[0]["last_used_at"] is not None
    assert "secret" not in listed[0] and secret not in json.dumps(listed)
    # No key above its owner's role.
    too_high = anon.post(
        f"{base_url}{API}/auth/keys", json={"name": "x", "role": "admin"}, headers=editor.headers
    )
    assert too_high.status_code == 403
    revoked = anon.delete(f"{base_url}{API}/auth/keys/{key['id']}", headers=editor.headers)
    assert revoked.status_code == 204
    refused = anon.get(f"{base_url}{API}/content/items", headers=as_key)
    assert refused.status_code == 401
    # Another user's key is not there for a non-admin.
    other = account(base_url, "ned", "editor")
    again = anon.delete(f"{base_url}{API}/auth/keys/{key['id']}", headers=other.headers)
    assert again.status_code == 404


def test_password_change_ends_other_sessions(base_url: str) -> None:
    first = account(base_url, "pat", "viewer").session
    second = login(base_url, "pat").json()
    change = anon.post(
        f"{base_url}{API}/auth/password",
        json={"current_password": "correct horse battery", "new_password": "a new passphrase"},
        headers={"Authorization": f"Bearer {second['access_token']}"},
    )
    assert change.status_code == 204, change.text
    assert _me(base_url, first["access_token"]).status_code == 401
    assert _me(base_url, second["access_token"]).status_code == 200
    assert login(base_url, "pat").status_code == 401
    assert login(base_url, "pat", "a new passphrase").status_code == 200


def test_an_unauthenticated_request_is_told_how_to_authenticate(base_url: str) -> None:
    """The answer's redaction (it hides header values and tokens) leaves the advice whole."""
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = anon.get(f"{base_url}{API}/auth/me", headers=headers)
        assert response.status_code == 401
        message = response.json()["message"]
        assert "`Authorization`" in message and "`Bearer <access token or API key>`" in message
        assert "***" not in message
