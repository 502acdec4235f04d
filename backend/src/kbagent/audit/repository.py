from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kbagent.audit.models import AuditEvent


def add(session: Session, event: AuditEvent) -> None:
    session.add(event)
    session.flush()


def query(
    session: Session,
    *,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[AuditEvent], int]:
    stmt = select(AuditEvent)
    if actor is not None:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def recent(
    session: Session,
    action: str,
    since: datetime,
    *,
    actor: str | None = None,
    client: str | None = None,
) -> list[datetime]:
    """When `action` happened since `since` for this actor or client, oldest first."""
    stmt = select(AuditEvent.at).where(AuditEvent.action == action, AuditEvent.at >= since)
    if actor is not None:
        stmt = stmt.where(AuditEvent.actor == actor)
    if client is not None:
        stmt = stmt.where(AuditEvent.client == client)
    return list(session.scalars(stmt.order_by(AuditEvent.at)).all())
