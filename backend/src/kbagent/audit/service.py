"""Recording audit events. The actor and client address of the current request are set once
by the auth guard (context variables reach the worker threads database work runs in)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kbagent.audit import repository
from kbagent.audit.models import AuditEvent
from kbagent.system.logs import request_id_var


@dataclass(frozen=True)
class Actor:
    name: str | None
    client: str | None


actor_var: ContextVar[Actor | None] = ContextVar("kbagent_audit_actor", default=None)


def record(
    session: Session,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
    client: str | None = None,
) -> AuditEvent:
    """Add one event to the caller's unit of work (committed with it)."""
    current = actor_var.get()
    request_id = request_id_var.get()
    event = AuditEvent(
        actor=actor if actor is not None else (current.name if current else None),
        action=action,
        target=target[:500] if target else target,
        client=client if client is not None else (current.client if current else None),
        request_id=request_id,
        details=details or {},
    )
    repository.add(session, event)
    return event
