from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from kbagent.audit import repository
from kbagent.audit.schemas import AuditEventRead, AuditPage
from kbagent.deps import DbDep
from kbagent.fields import MAX_OFFSET, Text
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/system", tags=["system"])


@router.get("/audit", responses=error_responses(422))
async def audit_log(
    db: DbDep,
    actor: Annotated[Text | None, Query(max_length=100)] = None,
    action: Annotated[Text | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> AuditPage:
    """Who did what, newest first (admins only)."""
    rows, total = await db.read(
        lambda s: repository.query(
            s, actor=actor, action=action, since=since, until=until, limit=limit, offset=offset
        )
    )
    return AuditPage(items=[AuditEventRead.model_validate(r) for r in rows], total=total)
