from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, status

from kbagent.agent import engine, launch, service
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import RetryResult, RunConfig, RunPage, RunRead, RunStatus
from kbagent.deps import DbDep
from kbagent.fields import MAX_OFFSET
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/agent", tags=["agent"])


@router.post("/start", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409, 422))
async def start(db: DbDep, rt: RuntimeDep, body: RunConfig | None = None) -> RunRead:
    """Start a run; 409 while another run is active."""
    return await launch.start_run(db, rt, body or RunConfig())


@router.get("/status/{task_id}", responses=error_responses(404))
async def run_status(db: DbDep, task_id: str) -> RunRead:
    return await db.read(lambda s: service.describe(s, service.get_run(s, task_id)))


async def _transition(db: DbDep, rt: RuntimeDep, task_id: str, action: str) -> RunRead:
    change = service.stop_run if action == "stop" else service.pause_run
    task = await db.write(change, task_id)
    if action == "stop":
        await launch.emit(rt, task.id, "run_end", "run stopped", status="cancelled")
    else:
        await launch.emit(rt, task.id, "run_paused", "run paused")
    return await db.read(lambda s: service.describe(s, service.get_run(s, task_id)))


@router.post("/stop/{task_id}", responses=error_responses(404, 422))
async def stop(db: DbDep, rt: RuntimeDep, task_id: str) -> RunRead:
    return await _transition(db, rt, task_id, "stop")


@router.post("/pause/{task_id}", responses=error_responses(404, 422))
async def pause(db: DbDep, rt: RuntimeDep, task_id: str) -> RunRead:
    return await _transition(db, rt, task_id, "pause")


@router.post("/resume/{task_id}", responses=error_responses(404, 422))
async def resume(db: DbDep, rt: RuntimeDep, task_id: str) -> RunRead:
    await db.read(service.check_resumable, task_id)
    await anyio.to_thread.run_sync(
        lambda: engine.redispatch(rt, task_id, status_from=("paused", "stalled"))
    )
    await launch.emit(rt, task_id, "run_resumed", "run resumed")
    return await db.read(lambda s: service.describe(s, service.get_run(s, task_id)))


@router.post("/retry-failed", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409))
async def retry_failed(db: DbDep, rt: RuntimeDep, body: RunConfig | None = None) -> RetryResult:
    """Forget the failures of earlier runs and start a run that tries those items again."""
    config = body or RunConfig()
    await db.read(service.ensure_no_active_run)
    reset = await db.write(service.reset_failed)
    started = await start(db, rt, config)
    return RetryResult(reset_items=reset, run=started)


@router.post("/reembed", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409))
async def reembed(db: DbDep, rt: RuntimeDep) -> RunRead:
    """Embed every item again with the configured model (an `embeddings_only` run).

    Any run that embeds does this by itself after the embedding model or dimension changed;
    until it has, vector search answers 503 and hybrid search uses full text only.
    """
    return await start(db, rt, RunConfig(mode="embeddings_only", force_phases=["embed"]))


@router.get("/history", responses=error_responses(422))
async def history(
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    status_filter: Annotated[RunStatus | None, Query(alias="status")] = None,
) -> RunPage:
    runs, total = await db.read(service.list_runs, limit, offset, status_filter)
    return RunPage(items=runs, total=total, limit=limit, offset=offset)
