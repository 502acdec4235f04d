"""The session cookies the browser keeps (names and attributes fixed by the contract)."""

from __future__ import annotations

from fastapi import Request, Response

from kbagent.auth.guard import ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE, AuthState
from kbagent.auth.schemas import Session, UserRead
from kbagent.auth.service import Issued

REFRESH_PATH = "/api/v1/auth"


def hand_out(state: AuthState, issued: Issued, request: Request, response: Response) -> Session:
    """The session as JSON (for scripts) and as cookies (for the browser)."""
    token, expires = state.signer.access_token(issued.user.id, issued.session_id, state.access_ttl)
    csrf = state.signer.csrf_token(issued.session_id)
    secure = request.url.scheme == "https"
    # The access cookie outlives its token, so an expired token reads `session_expired`
    # (refresh and retry) rather than `not_authenticated` (sign in).
    lifetime = int(state.refresh_ttl.total_seconds())
    for name, value, path, httponly in (
        (ACCESS_COOKIE, token, "/", True),
        (REFRESH_COOKIE, issued.refresh_token, REFRESH_PATH, True),
        (CSRF_COOKIE, csrf, "/", False),  # read by the web app, sent back as X-CSRF-Token
    ):
        response.set_cookie(
            name,
            value,
            max_age=lifetime,
            path=path,
            secure=secure,
            httponly=httponly,
            samesite="lax",
        )
    return Session(
        user=UserRead.model_validate(issued.user),
        csrf_token=csrf,
        access_token=token,
        access_expires_at=expires,
        refresh_token=issued.refresh_token,
    )


def clear(response: Response) -> None:
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_PATH)
    response.delete_cookie(CSRF_COOKIE, path="/")
