"""Admin endpoints: start a legacy migration (in the background), follow it, undo it.

Paths in the request are the server's: the earlier tool's files must be on the machine (or
volume) kbagent runs on. Progress is on the run (`progress`: stage, done, total) and live on
the event stream (`/ws/events`, and the run log): `legacy_started`, `legacy_progress` at each
stage and every few seconds within one, and `legacy_end` with the run's status.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, status

from kbagent.agent.launch import RuntimeDep
from kbagent.agent.runtime import Runtime
from kbagent.config import Settings
from kbagent.deps import DbDep, SettingsDep
from kbagent.errors import NotFound
from kbagent.legacy import repository, service
from kbagent.legacy import rollback as undo
from kbagent.legacy.reading import check_sources
from kbagent.legacy.schemas import (
    MigrationRequest,
    MigrationRunDetail,
    MigrationRunRead,
    RollbackReport,
)
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/legacy", tags=["legacy"])
log = logging.getLogger("kbagent.legacy")
RunId = Annotated[str, Path(min_length=1, max_length=32)]


PROGRESS_EVERY_SECONDS = 2.0


class _LiveProgress:
    """The run's progress as events: at each new stage, then at most every few seconds."""

    def __init__(self, rt: Runtime, run_id: str) -> None:
        self.rt, self.run_id = rt, run_id
        self.stage: str | None = None
        self.sent_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.sent_at < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.stage, self.sent_at = stage, now
        self.rt.emit(
            None,
            "legacy_progress",
            f"legacy migration {self.run_id}: {stage} {done}/{total}",
            legacy_run=self.run_id, stage=stage, done=done, total=total,
        )  # fmt: skip


def _work(rt: Runtime, settings: Settings, request: MigrationRequest, run_id: str) -> None:
    rt.emit(
        None, "legacy_started", f"legacy migration {run_id} started",
        legacy_run=run_id, dry_run=request.dry_run,
    )  # fmt: skip
    try:
        service.execute(rt.database, settings, request, run_id, _LiveProgress(rt, run_id))
    except Exception:  # recorded on the run as failed; logged here
        log.exception("legacy migration %s failed", run_id)
    with rt.database.reader() as session:
        run = repository.get_run(session, run_id)
        ended = "failed" if run is None else run.status
    rt.emit(
        None, "legacy_end", f"legacy migration {run_id} {ended}",
        level="INFO" if ended == "completed" else "ERROR", legacy_run=run_id, status=ended,
    )  # fmt: skip


@router.post(
    "/migrations",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(409, 422),
)
async def start_migration(
    db: DbDep, rt: RuntimeDep, settings: SettingsDep, body: MigrationRequest
) -> MigrationRunRead:
    """Start migrating the earlier tool's data (server-side paths); poll the run for its
    progress and report, or follow it live on the event stream (`legacy_progress` events).
    `dry_run` writes no content, only the run's own record."""
    await anyio.to_thread.run_sync(check_sources, body)
    run = await anyio.to_thread.run_sync(service.start_run, db.database, body)
    threading.Thread(
        target=_work, args=(rt, settings, body, run.id), daemon=True,
        name=f"legacy-{run.id[:8]}",
    ).start()  # fmt: skip
    return MigrationRunRead.model_validate(run)


@router.get("/migrations")
async def list_migrations(db: DbDep) -> list[MigrationRunRead]:
    """The latest migration runs, newest first."""
    runs = await db.read(repository.list_runs)
    return [MigrationRunRead.model_validate(r) for r in runs]


@router.get("/migrations/{run_id}", responses=error_responses(404))
async def get_migration(db: DbDep, run_id: RunId) -> MigrationRunDetail:
    """A run's status, progress and (once it ended) its verification report."""
    run = await db.read(repository.get_run, run_id)
    if run is None:
        raise NotFound(f"No legacy migration run {run_id!r}.", {"run_id": run_id})
    return MigrationRunDetail.model_validate(run)


@router.post("/migrations/{run_id}/rollback", responses=error_responses(404, 409))
async def rollback_migration(db: DbDep, settings: SettingsDep, run_id: RunId) -> RollbackReport:
    """Delete everything the run created (rows it adopted, and files still in use, stay)."""
    return await anyio.to_thread.run_sync(undo.rollback, db.database, settings, run_id)
