from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.orm import Session

from kbagent import __version__
from kbagent.agent import repository as runs
from kbagent.agent.schemas import EventPage, EventRead
from kbagent.deps import DbDep, SettingsDep
from kbagent.errors import ServiceUnavailable
from kbagent.fields import MAX_OFFSET, Text
from kbagent.system.envelope import error_responses
from kbagent.system.health import HealthReport, ai_parts, check_health
from kbagent.system.history import MetricsHistory, Window, history
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


@router.get("/metrics/history", responses=error_responses(422))
async def metrics_history(
    db: DbDep,
    settings: SettingsDep,
    window: Annotated[Window, Query(description="How far back.")] = "1h",
) -> MetricsHistory:
    """The Monitoring charts: each host's CPU, memory, disk, GPU and queue depth (sampled every
    `KBAGENT_METRICS_SAMPLE_SECONDS` by each API process and worker) and the model calls per
    phase and model, in the same time buckets (a minute over an hour, two hours over a week)."""
    return await db.read(history, window, settings.metrics_sample_seconds)


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


def _event_filter(
    level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None,
        Query(description="Minimum level."),
    ] = None,
    task_id: Annotated[str | None, Query(max_length=32, description="Only this run.")] = None,
    q: Annotated[
        Text | None,
        Query(
            min_length=1,
            max_length=200,
            description="Case-insensitive substring of the message or the type "
            "(`%` and `_` match themselves).",
        ),
    ] = None,
    since: Annotated[datetime | None, Query()] = None,
    until: Annotated[datetime | None, Query()] = None,
) -> runs.EventFilter:
    return runs.EventFilter(
        levels=LEVELS[LEVELS.index(level) :] if level else None,
        task_id=task_id,
        since=since,
        until=until,
        text=q,
    )


EventFilterDep = Annotated[runs.EventFilter, Depends(_event_filter)]


@router.get("/logs", responses=error_responses(422))
async def logs(
    db: DbDep,
    where: EventFilterDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EventPage:
    """Persisted run logs and events, newest first."""
    rows, total = await db.read(runs.query_events, where, limit=limit, offset=offset)
    return EventPage(
        items=[EventRead.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


def _export_batch(
    session: Session, where: runs.EventFilter, after: int, upto: int
) -> tuple[bytes, int | None]:
    """One batch as JSON lines, and the id to continue after (None: that was the last)."""
    rows = runs.export_events(session, where, after=after, upto=upto, limit=runs.EXPORT_BATCH)
    lines = b"".join(
        EventRead.model_validate(r, from_attributes=True).model_dump_json().encode() + b"\n"
        for r in rows
    )
    return lines, (rows[-1].id if len(rows) == runs.EXPORT_BATCH else None)


@router.get(
    "/logs/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}, **error_responses(422)},
)
async def export_logs(db: DbDep, where: EventFilterDep) -> StreamingResponse:
    """The events `/logs` would list with the same filters, every one of them, as JSON lines,
    oldest first. The events written while the export runs are left out, so it ends."""
    upto = await db.read(runs.last_event_id)

    async def lines() -> AsyncIterator[bytes]:
        after: int | None = 0
        while after is not None:
            chunk, after = await db.read(_export_batch, where, after, upto)
            if chunk:
                yield chunk

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="kbagent-logs-{stamp}.jsonl"'},
    )
