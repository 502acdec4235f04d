"""Accounts, sessions and API keys. Functions take the request's unit of work and never
commit; password hashing (slow on purpose) is done by the caller outside the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from kbagent.audit import service as audit
from kbagent.auth import repository as repo
from kbagent.auth.models import ApiKey, AuthSession, RefreshToken, SetupToken, User
from kbagent.auth.principal import Principal
from kbagent.auth.roles import Role, lower
from kbagent.auth.tokens import API_KEY_PREFIX, REFRESH_PREFIX, digest, new_secret
from kbagent.errors import Duplicate, Forbidden, InvalidInput, NotFound, SetupTokenInvalid

SETUP_TOKEN_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class Issued:
    """A session just started or rotated: what the client is handed."""

    user: User
    session_id: str
    refresh_token: str


def now() -> datetime:
    return datetime.now(UTC)


# --- sessions -------------------------------------------------------------------------------


def start_session(session: Session, user: User, client: str | None, ttl: timedelta) -> Issued:
    at = now()
    family = AuthSession(user_id=user.id, expires_at=at + ttl, client=client)
    repo.add(session, family)
    return Issued(user, family.id, _new_refresh(session, family.id, at + ttl))


def _new_refresh(session: Session, family_id: str, expires: datetime) -> str:
    token = new_secret(REFRESH_PREFIX)
    repo.add(
        session, RefreshToken(family_id=family_id, token_hash=digest(token), expires_at=expires)
    )
    return token


def rotate(session: Session, token: str, ttl: timedelta) -> Issued | None:
    """The next token of the family, or None. A token presented twice means it was stolen
    (or replayed): the whole family is revoked, so neither holder can go on."""
    at = now()
    row = repo.refresh_token(session, digest(token))
    if row is None:
        return None
    family = repo.auth_session(session, row.family_id)
    if family is None:
        return None
    if row.rotated_at is not None or not repo.mark_rotated(session, row.id, at):
        if family.revoked_at is None:
            family.revoked_at = at
            audit.record(session, "auth.refresh_reused", f"session:{family.id}")
        return None
    if family.revoked_at is not None or row.expires_at <= at or family.expires_at <= at:
        return None
    user = repo.user(session, family.user_id)
    if user is None:
        return None
    family.expires_at = at + ttl
    return Issued(user, family.id, _new_refresh(session, family.id, at + ttl))


def end_session(session: Session, session_id: str) -> None:
    family = repo.auth_session(session, session_id)
    if family is not None and family.revoked_at is None:
        family.revoked_at = now()
        audit.record(session, "auth.logout", f"session:{session_id}")


def session_principal(session: Session, session_id: str, user_id: int) -> Principal | None:
    user = repo.live_session_user(session, session_id, now())
    if user is None or user.id != user_id:
        return None
    return Principal(user.id, user.username, Role(user.role), "session", session_id=session_id)


# --- login ----------------------------------------------------------------------------------


def finish_login(
    session: Session, username: str, verified: bool, client: str | None, ttl: timedelta
) -> Issued | None:
    """Record the attempt; start a session when the password was right."""
    user = repo.user_by_name(session, username)
    if user is None or not verified:
        audit.record(session, "auth.login_failed", username, actor=username, client=client)
        return None
    user.last_login_at = now()
    audit.record(session, "auth.login", f"user:{user.id}", actor=username, client=client)
    return start_session(session, user, client, ttl)


def password_hash(session: Session, username: str) -> str | None:
    user = repo.user_by_name(session, username)
    return user.password_hash if user else None


# --- users ----------------------------------------------------------------------------------


def create_user(session: Session, username: str, hashed: str, role: Role) -> User:
    if repo.user_by_name(session, username) is not None:
        raise Duplicate(f"A user named {username!r} exists.", {"username": username})
    user = User(username=username, password_hash=hashed, role=role.value)
    repo.add(session, user)
    audit.record(session, "user.create", f"user:{user.id}", {"username": username, "role": role})
    return user


def list_users(session: Session) -> list[User]:
    return repo.users(session)


def get_user(session: Session, user_id: int) -> User:
    user = repo.user(session, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.", {"user_id": user_id})
    return user


def update_user(session: Session, user_id: int, role: Role | None, hashed: str | None) -> User:
    user = get_user(session, user_id)
    changes: dict[str, str] = {}
    if role is not None and role.value != user.role:
        if user.role == Role.ADMIN and repo.count_admins(session) <= 1:
            raise InvalidInput("The last admin cannot be demoted; promote another user first.")
        user.role = role.value
        changes["role"] = role.value
    if hashed is not None:
        user.password_hash = hashed
        repo.revoke_sessions(session, user.id, now())
        changes["password"] = "changed"
    audit.record(session, "user.update", f"user:{user.id}", changes)
    return user


def delete_user(session: Session, user_id: int) -> None:
    user = get_user(session, user_id)
    if user.role == Role.ADMIN and repo.count_admins(session) <= 1:
        raise InvalidInput("The last admin cannot be deleted.")
    audit.record(session, "user.delete", f"user:{user.id}", {"username": user.username})
    repo.delete(session, user)


def change_password(session: Session, principal: Principal, hashed: str) -> None:
    """Other sessions of the user end; the one that changed the password goes on."""
    user = get_user(session, principal.user_id or 0)
    user.password_hash = hashed
    repo.revoke_sessions(session, user.id, now(), keep=principal.session_id)
    audit.record(session, "user.password_change", f"user:{user.id}")


# --- API keys -------------------------------------------------------------------------------


def create_key(session: Session, principal: Principal, name: str, role: Role) -> tuple[ApiKey, str]:
    if principal.user_id is None:
        raise Forbidden("API keys belong to users; sign in as one to create a key.")
    if not principal.role.allows(role):
        raise Forbidden(f"A {principal.role} cannot create a key with the role {role}.")
    secret = new_secret(API_KEY_PREFIX)
    key = ApiKey(
        user_id=principal.user_id,
        name=name,
        role=role.value,
        prefix=secret[:12],
        secret_hash=digest(secret),
    )
    repo.add(session, key)
    audit.record(session, "key.create", f"key:{key.id}", {"name": name, "role": role})
    return key, secret


def list_keys(session: Session, principal: Principal) -> list[ApiKey]:
    return repo.api_keys(session, principal.user_id) if principal.user_id is not None else []


def revoke_key(session: Session, principal: Principal, key_id: int) -> None:
    key = repo.api_key(session, key_id)
    mine = key is not None and key.user_id == principal.user_id
    if key is None or not (mine or principal.role == Role.ADMIN):
        raise NotFound(f"No API key {key_id}.", {"key_id": key_id})
    if key.revoked_at is None:
        key.revoked_at = now()
        audit.record(session, "key.revoke", f"key:{key.id}", {"name": key.name})


def key_principal(session: Session, secret: str) -> Principal | None:
    found = repo.api_key_by_hash(session, digest(secret))
    if found is None or found[0].revoked_at is not None:
        return None
    key, user = found
    return Principal(
        user.id,
        user.username,
        lower(Role(key.role), Role(user.role)),
        "api_key",
        key_id=key.id,
        key_last_used_at=key.last_used_at.timestamp() if key.last_used_at else None,
    )


def touch_key(session: Session, key_id: int) -> None:
    repo.touch_api_key(session, key_id, now())


# --- first run ------------------------------------------------------------------------------


def setup_required(session: Session) -> bool:
    return repo.count_users(session) == 0


def issue_setup_token(session: Session) -> str | None:
    """A fresh one-time setup token while no user exists (older links stop working)."""
    if not setup_required(session):
        return None
    at = now()
    repo.expire_setup_tokens(session, at)
    token = new_secret("")
    repo.add(session, SetupToken(token_hash=digest(token), expires_at=at + SETUP_TOKEN_TTL))
    return token


def setup(
    session: Session,
    token: str,
    username: str,
    hashed: str,
    client: str | None,
    ttl: timedelta,
) -> Issued:
    if not setup_required(session):
        raise NotFound("Setup is done: an account exists. Sign in instead.")
    row = repo.setup_token(session, digest(token))
    at = now()
    if row is None or row.used_at is not None or row.expires_at <= at:
        raise SetupTokenInvalid(
            "The setup link is wrong, used or expired; restart kbagent for a new one."
        )
    row.used_at = at
    user = User(username=username, password_hash=hashed, role=Role.ADMIN.value, last_login_at=at)
    repo.add(session, user)
    audit.record(session, "user.create", f"user:{user.id}", {"username": username,
                 "role": "admin", "via": "setup"}, actor=username, client=client)  # fmt: skip
    return start_session(session, user, client, ttl)
