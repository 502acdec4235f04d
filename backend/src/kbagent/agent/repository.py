"""Every query on tasks, item_phases, run_events and schedules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from kbagent.agent.models import RunEvent, Schedule, Task
from kbagent.content.models import CHANGED, ContentItem
from kbagent.db import utcnow
from kbagent.pipeline.models import ItemPhase


def get_task(session: Session, task_id: str, *, lock: bool = False) -> Task | None:
    query = select(Task).where(Task.id == task_id)
    if lock:
        query = query.with_for_update()  # no-op on SQLite, whose writers are serialised
    return session.scalars(query).first()


def add(session: Session, row: Task | RunEvent | Schedule) -> None:
    session.add(row)
    session.flush()


def delete_schedule(session: Session, row: Schedule) -> None:
    session.delete(row)
    session.flush()


def list_tasks(
    session: Session, limit: int, offset: int, status: str | None
) -> tuple[Sequence[Task], int]:
    query = select(Task)
    count = select(func.count()).select_from(Task)
    if status:
        query = query.where(Task.status == status)
        count = count.where(Task.status == status)
    rows = session.scalars(query.order_by(Task.created_at.desc()).limit(limit).offset(offset))
    return rows.all(), int(session.scalar(count) or 0)


def active_tasks(session: Session) -> Sequence[Task]:
    return session.scalars(
        select(Task).where(Task.status.in_(("pending", "running", "paused", "stalled")))
    ).all()


def stale_running(session: Session, before: datetime) -> Sequence[Task]:
    return session.scalars(
        select(Task).where(
            Task.status.in_(("running", "stalled")),
            func.coalesce(Task.heartbeat_at, Task.created_at) < before,
        )
    ).all()


def pending_item_ids(session: Session, phase: str, limit: int | None = None) -> list[str]:
    """Items with no record for `phase` (neither done nor permanently failed)."""
    passed = select(ItemPhase.content_item_id).where(ItemPhase.phase == phase)
    query = (
        select(ContentItem.id)
        .where(ContentItem.id.not_in(passed))
        .order_by(ContentItem.created_at, ContentItem.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def has_pending(session: Session, phase: str) -> bool:
    # A correlated NOT EXISTS probes the (item, phase) key per item and stops at the first
    # pending one; NOT IN built the set of every passed item first, on each call.
    passed = exists().where(ItemPhase.content_item_id == ContentItem.id, ItemPhase.phase == phase)
    query = select(ContentItem.id).where(~passed).limit(1)
    return session.scalar(query) is not None


def phase_counts(session: Session, task_id: str) -> dict[str, dict[str, int]]:
    rows = session.execute(
        select(ItemPhase.phase, ItemPhase.status, func.count())
        .where(ItemPhase.task_id == task_id)
        .group_by(ItemPhase.phase, ItemPhase.status)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for phase, status, n in rows:
        counts.setdefault(phase, {})[status] = int(n)
    return counts


def failure_reasons(session: Session, task_id: str) -> list[tuple[str, str, int]]:
    """(phase, error, items) for the run's failed items, one row per distinct message."""
    rows = session.execute(
        select(ItemPhase.phase, ItemPhase.error, func.count())
        .where(ItemPhase.task_id == task_id, ItemPhase.status == "failed")
        .group_by(ItemPhase.phase, ItemPhase.error)
    ).all()
    return [(phase, error or "no reason recorded", int(n)) for phase, error, n in rows]


def reset_changed(session: Session) -> int:
    """Forget every phase of the items whose source changed since they were processed."""
    changed = select(ContentItem.id).where(ContentItem.processing_state == CHANGED)
    session.execute(delete(ItemPhase).where(ItemPhase.content_item_id.in_(changed)))
    result = session.execute(
        update(ContentItem)
        .where(ContentItem.processing_state == CHANGED)
        .values(processing_state="pending")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def reset_phase(session: Session, phase: str, status: str | None = None) -> int:
    query = delete(ItemPhase).where(ItemPhase.phase == phase)
    if status:
        query = query.where(ItemPhase.status == status)
    return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]


def touch(session: Session, task_id: str) -> None:
    session.execute(update(Task).where(Task.id == task_id).values(heartbeat_at=utcnow()))


def events_after(
    session: Session, after_id: int, task_id: str | None = None, limit: int = 1000
) -> Sequence[RunEvent]:
    query = select(RunEvent).where(RunEvent.id > after_id)
    if task_id:
        query = query.where(RunEvent.task_id == task_id)
    return session.scalars(query.order_by(RunEvent.id).limit(limit)).all()


def old_event_ids(session: Session, keep_runs: int, before: datetime, limit: int) -> list[int]:
    """Up to `limit` ids of events of runs older than the newest `keep_runs`, and of events of
    no run from before `before`."""
    kept = select(Task.id).order_by(Task.created_at.desc(), Task.id).limit(keep_runs)
    old = (
        select(RunEvent.id)
        .where(
            or_(
                and_(RunEvent.task_id.is_not(None), RunEvent.task_id.not_in(kept)),
                and_(RunEvent.task_id.is_(None), RunEvent.ts < before),
            )
        )
        .limit(limit)
    )
    return list(session.scalars(old))


def delete_events(session: Session, ids: list[int]) -> int:
    result = session.execute(delete(RunEvent).where(RunEvent.id.in_(ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def latest_events(session: Session, limit: int) -> list[RunEvent]:
    """The newest `limit` events, oldest first."""
    rows = session.scalars(select(RunEvent).order_by(RunEvent.id.desc()).limit(limit)).all()
    return list(reversed(rows))


def oldest_event_id(session: Session) -> int | None:
    value = session.scalar(select(func.min(RunEvent.id)))
    return None if value is None else int(value)


EXPORT_BATCH = 500


@dataclass(frozen=True)
class EventFilter:
    """Which persisted events a log view or export shows; `text` is a case-insensitive
    substring of the message or the type, its `%` and `_` taken literally."""

    levels: list[str] | None = None
    task_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None

    def conditions(self) -> list[Any]:
        found: list[Any] = []
        if self.levels:
            found.append(RunEvent.level.in_(self.levels))
        if self.task_id:
            found.append(RunEvent.task_id == self.task_id)
        if self.since:
            found.append(RunEvent.ts >= self.since)
        if self.until:
            found.append(RunEvent.ts < self.until)
        if self.text:
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            # ILIKE on PostgreSQL, lower() LIKE lower() on SQLite.
            found.append(
                or_(
                    RunEvent.message.ilike(pattern, escape="\\"),
                    RunEvent.type.ilike(pattern, escape="\\"),
                )
            )
        return found


def query_events(
    session: Session, where: EventFilter, *, limit: int, offset: int
) -> tuple[Sequence[RunEvent], int]:
    conditions = where.conditions()
    total = session.scalar(select(func.count()).select_from(RunEvent).where(*conditions))
    rows = session.scalars(
        select(RunEvent).where(*conditions).order_by(RunEvent.id.desc()).limit(limit).offset(offset)
    )
    return rows.all(), int(total or 0)


def last_event_id(session: Session) -> int:
    return int(session.scalar(select(func.max(RunEvent.id))) or 0)


def export_events(
    session: Session, where: EventFilter, *, after: int, upto: int, limit: int
) -> Sequence[RunEvent]:
    """The next `limit` matching events with `after < id <= upto`, oldest first (keyset
    paging: an export walks the table batch by batch, never the whole of it at once)."""
    query = (
        select(RunEvent)
        .where(*where.conditions(), RunEvent.id > after, RunEvent.id <= upto)
        .order_by(RunEvent.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def list_schedules(session: Session) -> Sequence[Schedule]:
    return session.scalars(select(Schedule).order_by(Schedule.name)).all()


def get_schedule(session: Session, schedule_id: str) -> Schedule | None:
    return session.get(Schedule, schedule_id)


def schedule_by_name(session: Session, name: str) -> Schedule | None:
    return session.scalars(select(Schedule).where(Schedule.name == name)).first()


def due_schedules(session: Session, now: datetime) -> Sequence[Schedule]:
    return session.scalars(
        select(Schedule).where(Schedule.enabled.is_(True), Schedule.next_run_at <= now)
    ).all()


def claim_schedule(session: Session, schedule: Schedule, expected: datetime, new: datetime) -> bool:
    """Compare-and-set `next_run_at` so two schedulers never fire the same slot."""
    result = session.execute(
        update(Schedule)
        .where(Schedule.id == schedule.id, Schedule.next_run_at == expected)
        .values(next_run_at=new, last_run_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def runs_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Task.status, func.count()).group_by(Task.status))
    return {str(status): int(count) for status, count in rows}
