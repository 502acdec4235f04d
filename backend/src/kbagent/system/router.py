from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST

from kbagent import __version__
from kbagent.agent import repository as runs
from kbagent.agent.schemas import EventPage, EventRead
from kbagent.deps import DbDep, SettingsDep
from kbagent.errors import ServiceUnavailable
from kbagent.fields import MAX_OFFSET
from kbagent.system.envelope import error_responses
from kbagent.system.health import HealthReport, ai_parts, check_health
from kbagent.system.metrics import SystemMetrics, counts, queue_metrics, snapshot
from kbagent.system.prometheus import exposition

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


@router.get("/metrics")
async def metrics(request: Request, db: DbDep, settings: SettingsDep) -> SystemMetrics:
    """CPU, memory, the data directory's disk, GPUs (null without nvidia-smi), the queue and the
    workers seen, runs by status, items by processing state, and AI calls per phase and model
    over the last hour, day and week."""
    return await snapshot(db, request.app.state.redis, settings.redis_prefix, settings.data_dir)


# Outside /api/v1, where Prometheus looks; admins only (auth/policy.py), see system/prometheus.py.
prometheus_router = APIRouter(tags=["system"])


@prometheus_router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}, **error_responses(401, 403)},
)
async def prometheus_metrics(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    """Prometheus text format: request latency by route, runs and items by state, the queue,
    and the model calls of this process (latency, tokens)."""
    found = await db.read(counts)
    queue = await queue_metrics(request.app.state.redis, settings.redis_prefix)
    body = await anyio.to_thread.run_sync(exposition, found, queue)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


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
