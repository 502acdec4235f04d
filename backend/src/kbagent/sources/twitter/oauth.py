"""OAuth 2.0 authorisation code flow with PKCE for X; tokens stored encrypted, refreshed early."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.credentials import sealing
from kbagent.db import Database, utcnow
from kbagent.errors import InvalidInput, NotFound
from kbagent.sources import repository
from kbagent.sources.models import OAuthState, SourceCredential
from kbagent.sources.schemas import XStatus
from kbagent.sources.twitter.client import XClient

PROVIDER = "x"
SCOPES = "tweet.read users.read bookmark.read offline.access"
STATE_TTL = timedelta(minutes=15)
REFRESH_MARGIN = timedelta(minutes=5)


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43..128
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _client_id(settings: Settings) -> str:
    if not settings.x_client_id:
        raise InvalidInput("Set KBAGENT_X_CLIENT_ID (an X OAuth 2.0 app's client id) first.")
    return settings.x_client_id


def start(session: Session, settings: Settings) -> tuple[str, str]:
    """Returns (authorise URL, state); the verifier stays with us, encrypted."""
    client_id = _client_id(settings)
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    repository.delete_states_before(session, utcnow() - STATE_TTL)
    repository.add_state(
        session,
        OAuthState(
            state=state,
            provider=PROVIDER,
            verifier_ciphertext=sealing.seal(settings, {"v": verifier}),
        ),
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": settings.x_redirect_uri,
            "scope": SCOPES,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{settings.x_authorize_url}?{query}", state


def _take_verifier(session: Session, settings: Settings, state: str) -> str:
    row = repository.pop_state(session, state, PROVIDER)
    if row is None or row.created_at < utcnow() - STATE_TTL:
        raise InvalidInput("Unknown or expired authorisation state; start the connection again.")
    return str(sealing.unseal(settings, row.verifier_ciphertext)["v"])


def _token_request(client: XClient, settings: Settings, form: dict[str, str]) -> dict[str, Any]:
    form = {**form, "client_id": _client_id(settings)}
    auth = (
        (settings.x_client_id or "", settings.x_client_secret) if settings.x_client_secret else None
    )
    tokens = client.request("POST", "/2/oauth2/token", data=form, auth=auth)
    if not tokens.get("access_token"):
        raise InvalidInput("X did not return an access token.")
    return tokens


def _store(
    session: Session, settings: Settings, tokens: dict[str, Any], account: dict[str, Any] | None
) -> SourceCredential:
    row = repository.credential(session, PROVIDER) or SourceCredential(provider=PROVIDER)
    old = sealing.unseal(settings, row.token_ciphertext) if row.token_ciphertext else {}
    row.token_ciphertext = sealing.seal(
        settings,
        {
            "access_token": tokens["access_token"],
            # X rotates refresh tokens; keep the old one if a refresh returned none.
            "refresh_token": tokens.get("refresh_token") or old.get("refresh_token"),
        },
    )
    row.scope = str(tokens.get("scope") or row.scope or "")
    expires_in = tokens.get("expires_in")
    row.expires_at = utcnow() + timedelta(seconds=int(expires_in)) if expires_in else None
    if account is not None:
        row.account_id = str(account["id"])
        row.account_name = str(account.get("username") or "")
    repository.save_credential(session, row)
    return row


def finish(
    database: Database, settings: Settings, client: XClient, code: str, state: str
) -> SourceCredential:
    """The callback: exchange the code (network outside any transaction) and store tokens."""
    with database.writer() as session:
        verifier = _take_verifier(session, settings, state)
        session.commit()
    tokens = _token_request(
        client,
        settings,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": settings.x_redirect_uri,
            "code_verifier": verifier,
        },
    )
    account = client.me(str(tokens["access_token"]))
    with database.writer() as session:
        row = _store(session, settings, tokens, account)
        session.commit()
    return row


def status(session: Session) -> XStatus:
    row = repository.credential(session, PROVIDER)
    if row is None or row.account_id is None:
        return XStatus(connected=False)
    return XStatus(
        connected=True,
        account_id=row.account_id,
        account_name=row.account_name,
        scope=row.scope,
        connected_at=row.created_at,
        last_sync_at=repository.latest_item_at(session, PROVIDER),
    )


def require_connection(session: Session) -> SourceCredential:
    row = repository.credential(session, PROVIDER)
    if row is None or row.account_id is None:
        raise NotFound("No X account is connected; open /api/v1/sources/x/authorize first.")
    return row


def access_token(database: Database, settings: Settings, client: XClient) -> tuple[str, str]:
    """(access token, user id), refreshed first when it expires within a few minutes."""
    with database.reader() as session:
        row = require_connection(session)
    assert row.account_id is not None
    tokens = sealing.unseal(settings, row.token_ciphertext)
    if row.expires_at is not None and row.expires_at - REFRESH_MARGIN <= utcnow():
        if not tokens.get("refresh_token"):
            raise InvalidInput("The X token expired and there is no refresh token; reconnect.")
        fresh = _token_request(
            client,
            settings,
            {"grant_type": "refresh_token", "refresh_token": str(tokens["refresh_token"])},
        )
        with database.writer() as session:
            _store(session, settings, fresh, None)
            session.commit()
        tokens = fresh
    return str(tokens["access_token"]), row.account_id
