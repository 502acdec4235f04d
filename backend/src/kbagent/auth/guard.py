"""The one guard: every `/api/v1` router is mounted behind `guard` (see `api.py`), and `/ws`
calls `AuthState.authenticate_socket`. Credentials, in order: `Authorization: Bearer` (an
access token or an API key), then the `kbagent_access` cookie, whose unsafe requests must
also carry the CSRF token (double submit, bound to the session).

Checked credentials are remembered for `CACHE_SECONDS`, so a request costs a signature check
and a dictionary lookup; a revocation in this process empties the memory at once, one in
another API process is seen within `CACHE_SECONDS`.
"""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from starlette.requests import HTTPConnection
from starlette.routing import compile_path

from kbagent.audit import service as audit
from kbagent.auth import policy, service
from kbagent.auth.principal import LOCAL_ADMIN, Principal
from kbagent.auth.tokens import API_KEY_PREFIX, Signer, digest
from kbagent.config import Settings
from kbagent.credentials.sealing import instance_key
from kbagent.db import Database
from kbagent.deps import Db
from kbagent.errors import CsrfFailed, Forbidden, NotAuthenticated, SessionExpired

ACCESS_COOKIE = "kbagent_access"
REFRESH_COOKIE = "kbagent_refresh"
CSRF_COOKIE = "kbagent_csrf"
CSRF_HEADER = "x-csrf-token"
CACHE_SECONDS = 5.0
CACHE_MAX = 10_000
KEY_TOUCH_SECONDS = 60.0
# Worded so the redaction of error answers (header values, bearer tokens) leaves it whole.
HOW_TO_AUTHENTICATE = "Send the header `Authorization` with `Bearer <access token or API key>`."


class AuthState:
    """Per app: the signer, the settings and the memory of checked credentials."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.enabled = settings.auth == "enabled"
        self.db = Db(database)
        self.signer = Signer(instance_key(settings)) if self.enabled else Signer(b"unused")
        self.access_ttl = timedelta(minutes=settings.access_token_minutes)
        self.refresh_ttl = timedelta(days=settings.refresh_token_days)
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._routes: list[tuple[str, re.Pattern[str], str]] | None = None
        self._regexes: dict[str, re.Pattern[str]] = {}

    def route_template(self, request: Request) -> str:
        """The full path template (`/api/v1/content/items/{item_id}`) of the matched route:
        the policy is written in templates. FastAPI 0.165 keeps included routers apart, so
        the matched route knows its path without the `/api/v1` it is mounted under; the
        template is checked against the request path, and looked up in the app's OpenAPI
        document in the (unexpected) case it does not match."""
        route: Any = request.scope.get("route")
        own = getattr(route, "path", None)
        if isinstance(own, str):
            template = own if own.startswith(policy.API) else policy.API + own
            regex = self._regexes.get(template)
            if regex is None:
                regex = self._regexes[template] = compile_path(template)[0]
            if regex.match(request.url.path):
                return template
        return self._from_openapi(request.app, request.method, request.url.path)

    def _from_openapi(self, app: FastAPI, method: str, path: str) -> str:
        method = "GET" if method == "HEAD" else method
        if self._routes is None:
            table = [
                (verb.upper(), compile_path(template)[0], template)
                for template, operations in app.openapi().get("paths", {}).items()
                for verb in operations
            ]
            # Literal paths before parametrised ones (`/categories/rename` before `/{id}`).
            self._routes = sorted(table, key=lambda row: row[2].count("{"))
        matches = (t for verb, regex, t in self._routes if verb == method and regex.match(path))
        return next(matches, path)

    def forget(self) -> None:
        """Called after any revocation or role change."""
        self._cache.clear()

    def _cached(self, key: str) -> Principal | None:
        hit = self._cache.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def _remember(self, key: str, principal: Principal) -> None:
        if len(self._cache) >= CACHE_MAX:
            self._cache.clear()
        self._cache[key] = (time.monotonic() + CACHE_SECONDS, principal)

    async def by_session(self, session_id: str, user_id: int) -> Principal:
        key = f"s:{session_id}"
        principal = self._cached(key)
        if principal is None:
            principal = await self.db.read(service.session_principal, session_id, user_id)
            if principal is None:
                raise SessionExpired("The session has ended; sign in again.")
            self._remember(key, principal)
        if principal.user_id != user_id:
            raise NotAuthenticated("The access token is not valid.")
        return principal

    async def by_api_key(self, secret: str) -> Principal:
        key = f"k:{digest(secret)}"
        principal = self._cached(key)
        if principal is None:
            principal = await self.db.read(service.key_principal, secret)
            if principal is None:
                raise NotAuthenticated("The API key is not valid or was revoked.")
            stale = principal.key_last_used_at or 0.0
            if principal.key_id is not None and time.time() - stale > KEY_TOUCH_SECONDS:
                await self.db.write(service.touch_key, principal.key_id)
            self._remember(key, principal)
        return principal

    async def bearer(self, token: str) -> Principal:
        if token.startswith(API_KEY_PREFIX):
            return await self.by_api_key(token)
        claims = self.signer.read_access(token)
        return await self.by_session(claims.session_id, claims.user_id)

    async def recheck(self, principal: Principal, credential: str) -> bool:
        """Whether a long-lived connection's credential still stands (not revoked)."""
        try:
            if principal.via == "api_key":
                await self.by_api_key(credential)
            elif principal.session_id is not None and principal.user_id is not None:
                await self.by_session(principal.session_id, principal.user_id)
        except NotAuthenticated:
            return False
        return True

    async def authenticate(
        self, headers: Mapping[str, str], cookies: Mapping[str, str], method: str
    ) -> tuple[Principal, str]:
        """The principal and the credential it was proven by."""
        if not self.enabled:
            return LOCAL_ADMIN, ""
        header = headers.get("authorization")
        if header:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise NotAuthenticated(HOW_TO_AUTHENTICATE)
            return await self.bearer(token.strip()), token.strip()
        cookie = cookies.get(ACCESS_COOKIE)
        if not cookie:
            raise NotAuthenticated(f"Sign in, or send an API key: {HOW_TO_AUTHENTICATE}")
        claims = self.signer.read_access(cookie)
        principal = await self.by_session(claims.session_id, claims.user_id)
        if method not in policy.SAFE_METHODS:
            self._check_csrf(headers, cookies, claims.session_id)
        return principal, cookie

    def _check_csrf(
        self, headers: Mapping[str, str], cookies: Mapping[str, str], session_id: str
    ) -> None:
        expected = self.signer.csrf_token(session_id)
        sent = headers.get(CSRF_HEADER, "")
        jar = cookies.get(CSRF_COOKIE, "")
        if not (hmac.compare_digest(sent, expected) and hmac.compare_digest(jar, expected)):
            raise CsrfFailed(
                f"Unsafe requests signed in by cookie must send the {CSRF_HEADER} header equal "
                f"to the {CSRF_COOKIE} cookie."
            )


def client_address(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


def auth_state(connection: HTTPConnection) -> AuthState:
    state: AuthState = connection.app.state.auth
    return state


async def guard(request: Request) -> AsyncIterator[Principal]:
    """Authenticate, check the route's role, then (after a successful call) audit it."""
    state = auth_state(request)
    principal, _ = await state.authenticate(request.headers, request.cookies, request.method)
    path = state.route_template(request)
    required = policy.required_role(request.method, path)
    if not principal.role.allows(required):
        raise Forbidden(
            f"This needs the {required} role; you are signed in as a {principal.role}.",
            {"required_role": required.value, "role": principal.role.value},
        )
    request.state.principal = principal
    audit.actor_var.set(audit.Actor(principal.username, client_address(request)))
    yield principal
    action = policy.audited_action(request.method, path)
    if action is not None:
        details = {"key_id": principal.key_id} if principal.key_id is not None else None
        await state.db.write(audit.record, action, request.url.path, details)
