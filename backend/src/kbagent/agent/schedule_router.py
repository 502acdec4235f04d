from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Response, status

from kbagent.agent import schedules, service
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import (
    CronPreview,
    RunRead,
    ScheduleCreate,
    ScheduleRead,
    ScheduleUpdate,
)
from kbagent.db import utcnow
from kbagent.deps import DbDep
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/agent/schedules", tags=["agent"])


@router.get("/preview", responses=error_responses(422))
async def preview_cron(
    cron: Annotated[str, Query(min_length=1, max_length=100, examples=["0 3 * * *"])],
) -> CronPreview:
    """A cron expression in words and its next five firing times, for the schedule form."""
    return schedules.preview(cron.strip(), utcnow())


@router.get("")
async def list_schedules(db: DbDep) -> list[ScheduleRead]:
    rows = await db.read(schedules.list_schedules)
    return [ScheduleRead.model_validate(r) for r in rows]


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 422))
async def create_schedule(db: DbDep, body: ScheduleCreate) -> ScheduleRead:
    return ScheduleRead.model_validate(await db.write(schedules.create_schedule, body))


@router.get("/{schedule_id}", responses=error_responses(404))
async def get_schedule(db: DbDep, schedule_id: str) -> ScheduleRead:
    return ScheduleRead.model_validate(await db.read(schedules.get_schedule, schedule_id))


@router.put("/{schedule_id}", responses=error_responses(404, 409, 422))
async def update_schedule(db: DbDep, schedule_id: str, body: ScheduleUpdate) -> ScheduleRead:
    return ScheduleRead.model_validate(await db.write(schedules.update_schedule, schedule_id, body))


@router.delete(
    "/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def delete_schedule(db: DbDep, schedule_id: str) -> Response:
    await db.write(schedules.delete_schedule, schedule_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{schedule_id}/run", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(404, 409)
)
async def run_now(db: DbDep, rt: RuntimeDep, schedule_id: str) -> RunRead:
    task_id = await anyio.to_thread.run_sync(schedules.start_from_schedule, rt, schedule_id)
    return await db.read(lambda s: service.describe(s, service.get_run(s, task_id)))
