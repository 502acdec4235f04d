"""`/auth/*` and `/users/*`. `public_router` is mounted without the guard (see policy's
PUBLIC_ROUTES); `router` and `users_router` behind it."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Request, Response, status
from sqlalchemy.orm import Session as DbSession

from kbagent.auth import cookies, ratelimit, service
from kbagent.auth.guard import REFRESH_COOKIE, auth_state, client_address
from kbagent.auth.passwords import hash_password, verify_password
from kbagent.auth.principal import Principal
from kbagent.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    AuthStatus,
    LoginRequest,
    PasswordChange,
    RefreshRequest,
    Session,
    SetupRequest,
    UserCreate,
    UserRead,
    UserUpdate,
)
from kbagent.deps import DbDep
from kbagent.errors import InvalidCredentials, NotFound, SessionExpired
from kbagent.fields import MAX_INT32
from kbagent.system.envelope import error_responses

public_router = APIRouter(prefix="/auth", tags=["auth"])
router = APIRouter(prefix="/auth", tags=["auth"])
users_router = APIRouter(prefix="/users", tags=["auth"])

Id = Annotated[int, Path(ge=1, le=MAX_INT32)]


def _principal(request: Request) -> Principal:
    principal: Principal = request.state.principal  # set by the guard
    return principal


PrincipalDep = Annotated[Principal, Depends(_principal)]


async def _hash(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


# --- public ---------------------------------------------------------------------------------


@public_router.get("/status")
async def auth_status(request: Request, db: DbDep) -> AuthStatus:
    required = await db.read(service.setup_required)
    return AuthStatus(setup_required=required, auth_enabled=auth_state(request).enabled)


@public_router.post(
    "/setup", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 404, 422)
)
async def setup(request: Request, response: Response, db: DbDep, body: SetupRequest) -> Session:
    """Create the first admin with the one-time token `kbagent serve` printed (exists only
    while there is no user)."""
    state = auth_state(request)
    if not await db.read(service.setup_required):
        raise NotFound("Setup is done: an account exists. Sign in instead.")
    hashed = await _hash(body.password)
    issued = await db.write(
        service.setup,
        body.setup_token,
        body.username,
        hashed,
        client_address(request),
        state.refresh_ttl,
    )
    return cookies.hand_out(state, issued, request, response)


def _login_check(session: DbSession, username: str, client: str | None) -> str | None:
    ratelimit.check_login(session, username, client, service.now())
    return service.password_hash(session, username)


@public_router.post("/login", responses=error_responses(401, 422, 429))
async def login(request: Request, response: Response, db: DbDep, body: LoginRequest) -> Session:
    state = auth_state(request)
    client = client_address(request)
    hashed = await db.read(_login_check, body.username, client)
    verified = await anyio.to_thread.run_sync(verify_password, hashed, body.password)
    issued = await db.write(
        service.finish_login, body.username, verified, client, state.refresh_ttl
    )
    if issued is None:
        raise InvalidCredentials("Wrong username or password.")
    return cookies.hand_out(state, issued, request, response)


@public_router.post("/refresh", responses=error_responses(401, 422))
async def refresh(
    request: Request, response: Response, db: DbDep, body: RefreshRequest | None = None
) -> Session:
    """A new access token and the next refresh token (the one sent is used up)."""
    state = auth_state(request)
    token = (body.refresh_token if body else None) or request.cookies.get(REFRESH_COOKIE)
    issued = await db.write(service.rotate, token, state.refresh_ttl) if token else None
    if issued is None:
        state.forget()  # a replay may just have revoked a family
        raise SessionExpired("The session has ended; sign in again.")
    return cookies.hand_out(state, issued, request, response)


# --- signed in ------------------------------------------------------------------------------


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, db: DbDep, principal: PrincipalDep) -> Response:
    if principal.session_id is not None:
        await db.write(service.end_session, principal.session_id)
        auth_state(request).forget()
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    cookies.clear(response)
    return response


@router.get("/me")
async def me(db: DbDep, principal: PrincipalDep) -> UserRead:
    if principal.user_id is None:  # KBAGENT_AUTH=disabled
        raise NotFound("Authentication is disabled: requests act as a local admin.")
    return UserRead.model_validate(await db.read(service.get_user, principal.user_id))


@router.post(
    "/password", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401, 422)
)
async def change_password(
    request: Request, db: DbDep, principal: PrincipalDep, body: PasswordChange
) -> None:
    """Other sessions of the account end; this one goes on."""
    if principal.user_id is None:
        raise NotFound("Authentication is disabled: there is no account.")
    user = await db.read(service.get_user, principal.user_id)
    if not await anyio.to_thread.run_sync(
        verify_password, user.password_hash, body.current_password
    ):
        raise InvalidCredentials("The current password is wrong.")
    await db.write(service.change_password, principal, await _hash(body.new_password))
    auth_state(request).forget()


@router.get("/keys")
async def list_keys(db: DbDep, principal: PrincipalDep) -> list[ApiKeyRead]:
    """Your API keys (never their secrets)."""
    rows = await db.read(service.list_keys, principal)
    return [ApiKeyRead.model_validate(r) for r in rows]


@router.post("/keys", status_code=status.HTTP_201_CREATED, responses=error_responses(403, 422))
async def create_key(db: DbDep, principal: PrincipalDep, body: ApiKeyCreate) -> ApiKeyCreated:
    """A new key with at most your role; its secret is in this answer only."""
    key, secret = await db.write(service.create_key, principal, body.name, body.role)
    return ApiKeyCreated(key=ApiKeyRead.model_validate(key), secret=secret)


@router.delete(
    "/keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def revoke_key(request: Request, db: DbDep, principal: PrincipalDep, key_id: Id) -> None:
    """Revoke one of your keys (admins: any key)."""
    await db.write(service.revoke_key, principal, key_id)
    auth_state(request).forget()


# --- users (admins) -------------------------------------------------------------------------


@users_router.get("")
async def list_users(db: DbDep) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in await db.read(service.list_users)]


@users_router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 422))
async def create_user(db: DbDep, body: UserCreate) -> UserRead:
    hashed = await _hash(body.password)
    return UserRead.model_validate(
        await db.write(service.create_user, body.username, hashed, body.role)
    )


@users_router.patch("/{user_id}", responses=error_responses(404, 422))
async def update_user(request: Request, db: DbDep, user_id: Id, body: UserUpdate) -> UserRead:
    """Change a role or set a new password (which ends the user's sessions)."""
    hashed = await _hash(body.password) if body.password is not None else None
    user = await db.write(service.update_user, user_id, body.role, hashed)
    auth_state(request).forget()
    return UserRead.model_validate(user)


@users_router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 422)
)
async def delete_user(request: Request, db: DbDep, user_id: Id) -> None:
    await db.write(service.delete_user, user_id)
    auth_state(request).forget()
