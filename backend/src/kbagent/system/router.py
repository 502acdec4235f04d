from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from kbagent import __version__
from kbagent.agent import repository as runs
from kbagent.agent.schemas import EventPage, EventRead
from kbagent.deps import DbDep
from kbagent.errors import ServiceUnavailable
from kbagent.fields import MAX_OFFSET
from kbagent.system.envelope import error_responses
from kbagent.system.health import HealthReport, ai_parts, check_health

router = APIRouter(prefix="/system", tags=["system"])
# Served without credentials (see auth/policy.py): probes call it before anyone signs in.
probes_router = APIRouter(prefix="/system", tags=["system"])


@probes_router.get("/health", responses=error_responses(503))
async def health(request: Request) -> HealthReport:
    """Each part's state; 503 (with the same parts in `details`) when a required part is down."""
    await request.app.state.live_settings.acurrent()  # the AI backends of the settings in force
    report = await check_health(
        request.app.state.database.engine,
        request.app.state.redis,
        __version__,
        await ai_parts(request.app.state.runtime.ai),
    )
    if report.status == "down":
        down = [name for name, part in report.parts.items() if part.status == "down"]
        raise ServiceUnavailable(
            f"Required part down: {', '.join(down)}.", report.model_dump(mode="json")
        )
    return report


LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


@router.get("/logs", responses=error_responses(422))
async def logs(
    db: DbDep,
    level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None,
        Query(description="Minimum level."),
    ] = None,
    task_id: Annotated[str | None, Query(max_length=32, description="Only this run.")] = None,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EventPage:
    """Persisted run logs and events, newest first."""
    levels = LEVELS[LEVELS.index(level) :] if level else None
    rows, total = await db.read(
        lambda s: runs.query_events(
            s,
            levels=levels,
            task_id=task_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    )
    return EventPage(
        items=[EventRead.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )
