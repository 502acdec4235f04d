"""Every query of the auth domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kbagent.auth.models import ApiKey, AuthSession, RefreshToken, SetupToken, User


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def count_admins(session: Session) -> int:
    stmt = select(func.count()).select_from(User).where(User.role == "admin")
    return session.scalar(stmt) or 0


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)).all())


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def auth_session(session: Session, session_id: str) -> AuthSession | None:
    return session.get(AuthSession, session_id)


def live_session_user(session: Session, session_id: str, now: datetime) -> User | None:
    """The user of a session that is neither revoked nor past its end."""
    stmt = (
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            AuthSession.id == session_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
    )
    return session.scalars(stmt).first()


def revoke_sessions(session: Session, user_id: int, now: datetime, keep: str | None = None) -> None:
    stmt = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep)
    session.execute(stmt.values(revoked_at=now))


def refresh_token(session: Session, token_hash: str) -> RefreshToken | None:
    stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    return session.scalars(stmt).first()


def api_key_by_hash(session: Session, secret_hash: str) -> tuple[ApiKey, User] | None:
    stmt = (
        select(ApiKey, User)
        .join(User, User.id == ApiKey.user_id)
        .where(ApiKey.secret_hash == secret_hash)
    )
    row = session.execute(stmt).first()
    return (row[0], row[1]) if row else None


def api_key(session: Session, key_id: int) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def api_keys(session: Session, user_id: int | None) -> list[ApiKey]:
    stmt = select(ApiKey).order_by(ApiKey.id)
    if user_id is not None:
        stmt = stmt.where(ApiKey.user_id == user_id)
    return list(session.scalars(stmt).all())


def touch_api_key(session: Session, key_id: int, now: datetime) -> None:
    session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))


def setup_token(session: Session, token_hash: str) -> SetupToken | None:
    stmt = select(SetupToken).where(SetupToken.token_hash == token_hash)
    return session.scalars(stmt).first()


def expire_setup_tokens(session: Session, now: datetime) -> None:
    """Older setup links stop working when a new one is printed."""
    session.execute(update(SetupToken).where(SetupToken.used_at.is_(None)).values(expires_at=now))


def mark_rotated(session: Session, token_id: int, now: datetime) -> bool:
    """Atomically: only the first of two concurrent rotations of a token wins."""
    result = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.rotated_at.is_(None))
        .values(rotated_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
