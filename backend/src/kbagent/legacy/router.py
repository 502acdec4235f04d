"""Admin endpoints: start a legacy migration (in the background), follow it, undo it.

Paths in the request are the server's: the earlier tool's files must be on the machine (or
volume) kbagent runs on. Progress is polled from the run (`progress`: stage, done, total).
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, status

from kbagent.config import Settings
from kbagent.db import Database
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


def _work(database: Database, settings: Settings, request: MigrationRequest, run_id: str) -> None:
    try:
        service.execute(database, settings, request, run_id)
    except Exception:  # recorded on the run as failed; logged here
        log.exception("legacy migration %s failed", run_id)


@router.post(
    "/migrations",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(409, 422),
)
async def start_migration(
    db: DbDep, settings: SettingsDep, body: MigrationRequest
) -> MigrationRunRead:
    """Start migrating the earlier tool's data (server-side paths); poll the run for its
    progress and report. `dry_run` writes no content, only the run's own record."""
    await anyio.to_thread.run_sync(check_sources, body)
    run = await anyio.to_thread.run_sync(service.start_run, db.database, body)
    threading.Thread(
        target=_work, args=(db.database, settings, body, run.id), daemon=True,
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
