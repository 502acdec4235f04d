"""Session credentials: signed access tokens (JWT, HS256) and random opaque secrets.

The signing key is derived from the instance's secret key (`KBAGENT_SECRET_KEY` or the key
file), so rotating that key ends every session. Only HS256 is accepted: a token claiming
`alg: none` or any other algorithm is refused before its signature is looked at.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from kbagent.errors import NotAuthenticated, SessionExpired

ALGORITHM = "HS256"
ISSUER = "kbagent"
API_KEY_PREFIX = "kbk_"
REFRESH_PREFIX = "kbr_"


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    session_id: str


class Signer:
    def __init__(self, instance_key: bytes) -> None:
        self._access_key = hmac.digest(instance_key, b"kbagent access token v1", "sha256")
        self._csrf_key = hmac.digest(instance_key, b"kbagent csrf token v1", "sha256")

    def access_token(
        self, user_id: int, session_id: str, ttl: timedelta, now: datetime | None = None
    ) -> tuple[str, datetime]:
        issued = now or datetime.now(UTC)
        expires = issued + ttl
        claims = {
            "iss": ISSUER,
            "sub": str(user_id),
            "sid": session_id,
            "iat": int(issued.timestamp()),
            "exp": int(expires.timestamp()),
        }
        return jwt.encode(claims, self._access_key, algorithm=ALGORITHM), expires

    def read_access(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._access_key,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "sid", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise SessionExpired("The session's access token has expired; refresh it.") from None
        except jwt.InvalidTokenError:
            raise NotAuthenticated("The access token is not valid.") from None
        sub, sid = claims["sub"], claims["sid"]
        if not (isinstance(sub, str) and sub.isdigit() and isinstance(sid, str)):
            raise NotAuthenticated("The access token is not valid.")
        return AccessClaims(user_id=int(sub), session_id=sid)

    def csrf_token(self, session_id: str) -> str:
        """Bound to the session: a cookie planted by another site cannot match it."""
        return hmac.digest(self._csrf_key, session_id.encode(), "sha256").hex()


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
