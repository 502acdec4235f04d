"""Cron-style schedules stored in the database, and the scheduler that fires them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime

from croniter import croniter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbagent.agent import cron_words, repository, service
from kbagent.agent.models import Schedule
from kbagent.agent.runtime import Runtime
from kbagent.agent.schemas import CronPreview, RunConfig, ScheduleCreate, ScheduleUpdate
from kbagent.db import utcnow
from kbagent.errors import Duplicate, InvalidInput, KbagentError, NotFound

log = logging.getLogger("kbagent.scheduler")


def next_fire(cron: str, after: datetime) -> datetime:
    if not croniter.is_valid(cron):
        raise InvalidInput(
            f"{cron!r} is not a cron expression (five fields: minute hour day month weekday).",
            {"cron": cron},
        )
    fire: datetime = croniter(cron, after).get_next(datetime)
    return fire


def preview(cron: str, after: datetime, count: int = 5) -> CronPreview:
    """The expression in words and its next `count` firing times (422 when it is no cron)."""
    fires = [next_fire(cron, after)]
    while len(fires) < count:
        fires.append(next_fire(cron, fires[-1]))
    return CronPreview(cron=cron, description=cron_words.describe(cron), next_runs=fires)


def list_schedules(session: Session) -> Sequence[Schedule]:
    return repository.list_schedules(session)


def get_schedule(session: Session, schedule_id: str) -> Schedule:
    schedule = repository.get_schedule(session, schedule_id)
    if schedule is None:
        raise NotFound(f"No schedule with id {schedule_id!r}.", {"id": schedule_id})
    return schedule


def _duplicate(name: str) -> Duplicate:
    return Duplicate(f"A schedule named {name!r} already exists.", {"name": name})


def create_schedule(session: Session, data: ScheduleCreate) -> Schedule:
    if repository.schedule_by_name(session, data.name) is not None:
        raise _duplicate(data.name)
    schedule = Schedule(
        name=data.name,
        cron=data.cron,
        config=data.config.model_dump(mode="json"),
        enabled=data.enabled,
        next_run_at=next_fire(data.cron, utcnow()),
    )
    try:
        with session.begin_nested():
            repository.add(session, schedule)
    except IntegrityError:
        raise _duplicate(data.name) from None
    return schedule


def update_schedule(session: Session, schedule_id: str, data: ScheduleUpdate) -> Schedule:
    schedule = get_schedule(session, schedule_id)
    if data.name is not None and data.name != schedule.name:
        if repository.schedule_by_name(session, data.name) is not None:
            raise _duplicate(data.name)
        schedule.name = data.name
    if data.cron is not None:
        schedule.next_run_at = next_fire(data.cron, utcnow())
        schedule.cron = data.cron
    if data.config is not None:
        schedule.config = data.config.model_dump(mode="json")
    if data.enabled is not None:
        schedule.enabled = data.enabled
    session.flush()
    return schedule


def delete_schedule(session: Session, schedule_id: str) -> None:
    repository.delete_schedule(session, get_schedule(session, schedule_id))


def start_from_schedule(rt: Runtime, schedule_id: str) -> str:
    """Start a run with the schedule's configuration ("run now" and the scheduler)."""
    with rt.database.writer() as session:
        schedule = get_schedule(session, schedule_id)
        task = service.create_run(
            session, RunConfig.model_validate(schedule.config), "scheduled", settings=rt.settings
        )
        schedule.last_task_id = task.id
        schedule.last_run_at = utcnow()
        session.commit()
        task_id = task.id
        name = schedule.name
    rt.emit(task_id, "run_queued", f"run queued by schedule {name!r}", schedule_id=schedule_id)
    rt.dispatcher.send("advance", task_id)
    return task_id


def tick(rt: Runtime, now: datetime | None = None) -> list[str]:
    """Fire every due schedule once; safe with several schedulers (compare-and-set claim)."""
    now = now or utcnow()
    started: list[str] = []
    with rt.database.reader() as session:
        due = [(s.id, s.cron, s.next_run_at) for s in repository.due_schedules(session, now)]
    for schedule_id, cron, expected in due:
        assert expected is not None
        with rt.database.writer() as session:
            schedule = repository.get_schedule(session, schedule_id)
            if schedule is None:
                continue
            claimed = repository.claim_schedule(session, schedule, expected, next_fire(cron, now))
            session.commit()
        if not claimed:
            continue
        try:
            started.append(start_from_schedule(rt, schedule_id))
        except KbagentError as exc:
            rt.emit(
                None,
                "log",
                f"schedule skipped: {exc.message}",
                level="WARNING",
                schedule_id=schedule_id,
            )
    return started


def run_scheduler(rt: Runtime, stop: threading.Event, interval: float = 15.0) -> None:
    """The scheduler loop (`kbagent scheduler`, or a thread of `kbagent serve` when local)."""
    while not stop.is_set():
        try:
            tick(rt)
        except Exception:
            log.exception("scheduler tick failed")
        stop.wait(interval)
