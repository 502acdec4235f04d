from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Query, status

from kbagent.agent import engine, item_pipeline, launch, service, signals
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import (
    FailedItemPage,
    ItemPhaseName,
    ItemPipelineRead,
    ItemRetryResult,
    RetryResult,
    RunConfig,
    RunPage,
    RunRead,
    RunStatus,
)
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
    # Committed: this process's batches now read the status before each item, so the next
    # item does not start (told before the commit, they could read "running" once more).
    signals.status_changed()
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
    # Records `run_resumed` itself, in the transaction that resumes the run.
    await anyio.to_thread.run_sync(
        lambda: engine.redispatch(rt, task_id, status_from=("paused", "stalled"))
    )
    return await db.read(lambda s: service.describe(s, service.get_run(s, task_id)))


@router.post(
    "/retry-failed", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409, 422)
)
async def retry_failed(
    db: DbDep,
    rt: RuntimeDep,
    body: RunConfig | None = None,
    phase: Annotated[
        ItemPhaseName | None, Query(description="Only the items that failed in this phase.")
    ] = None,
) -> RetryResult:
    """Forget the failures of earlier runs and start a run that tries those items again."""
    config = body or RunConfig()
    await db.read(service.ensure_no_active_run)
    reset = await db.write(service.reset_failed, phase)
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


@router.get("/status/{task_id}/failed-items", responses=error_responses(404, 422))
async def run_failed_items(
    db: DbDep,
    task_id: Annotated[str, Path(max_length=64)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> FailedItemPage:
    """The items that failed in this run, newest first: each with its phase, reason and
    attempts (open one's pipeline with `/items/{item_id}/pipeline`)."""
    await db.read(service.get_run, task_id)  # 404 for an unknown run
    return await db.read(item_pipeline.failed_items, task_id, limit, offset)


@router.get("/items/{item_id}/pipeline", responses=error_responses(404))
async def item_pipeline_view(
    db: DbDep, item_id: Annotated[str, Path(max_length=64)]
) -> ItemPipelineRead:
    """One content item through the pipeline: each per-item phase with its state, attempts,
    model, error and what it produced, and the model calls made for the item."""
    return await db.read(item_pipeline.describe, item_id)


@router.post(
    "/items/{item_id}/pipeline/{phase}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409, 422),
)
async def retry_item_phase(
    db: DbDep, rt: RuntimeDep, item_id: Annotated[str, Path(max_length=64)], phase: ItemPhaseName
) -> ItemRetryResult:
    """Redo one phase of one item (and the item's phases after it) in a new run."""
    await db.read(service.ensure_no_active_run)
    redo = await db.write(item_pipeline.forget, item_id, phase)
    started = await start(db, rt, RunConfig())
    return ItemRetryResult(reset_phases=redo, run=started)
