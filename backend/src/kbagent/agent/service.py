"""Run control: start, status, stop, pause, resume, history, retry failed items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, get_args

from sqlalchemy.orm import Session

from kbagent.agent import outcome, repository
from kbagent.agent.models import Task
from kbagent.agent.phases import PHASE_ORDER, plan, registered
from kbagent.agent.schemas import ItemPhaseName, PhaseProgress, RunConfig, RunRead
from kbagent.config import Settings
from kbagent.db import utcnow
from kbagent.errors import Duplicate, InvalidInput, NotFound


def ensure_no_active_run(session: Session) -> None:
    active = repository.active_tasks(session)
    if active:
        raise Duplicate(
            "A run is already active; stop or finish it first.",
            {"active_run_id": active[0].id, "status": active[0].status},
        )


def forced_with_downstream(forced: Sequence[str]) -> list[str]:
    """A forced phase and every item phase after it: a new category or note must also reach
    the note and the search index built from it."""
    if not forced:
        return []
    first = min(PHASE_ORDER.index(p) for p in forced)
    return [p for p in PHASE_ORDER[first:] if p in forced or _per_item(p)]


def _per_item(name: str) -> bool:
    phase = registered(name)
    return phase is not None and phase.per_item


def create_run(
    session: Session, config: RunConfig, task_type: str = "agent_run", *, settings: Settings
) -> Task:
    ensure_no_active_run(session)
    phases = plan(config.mode, list(config.skip_phases))
    if not phases:
        raise InvalidInput(
            f"Nothing to run: mode {config.mode!r} minus the skipped phases leaves no phase.",
            {"mode": config.mode, "skip_phases": config.skip_phases},
        )
    repository.reset_changed(session)
    redo: list[str] = forced_with_downstream(config.force_phases)
    models: dict[str, str] = {str(k): v for k, v in config.models.items()}
    for name in phases:
        phase = registered(name)
        hook = phase.before_run if phase is not None else None
        if hook is not None and hook(session, settings, models) and name not in redo:
            redo.append(name)
    for phase_name in redo:
        repository.reset_phase(session, phase_name)
    task = Task(
        task_type=task_type,
        status="pending",
        config={**config.model_dump(mode="json"), "plan": phases},
        phase_stats={},
    )
    repository.add(session, task)
    return task


def get_run(session: Session, task_id: str) -> Task:
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound(f"No run with id {task_id!r}.", {"id": task_id})
    return task


def _set_status(session: Session, task_id: str, allowed: tuple[str, ...], new: str) -> Task:
    task = repository.get_task(session, task_id, lock=True)
    if task is None:
        raise NotFound(f"No run with id {task_id!r}.", {"id": task_id})
    if task.status not in allowed:
        raise InvalidInput(
            f"Cannot {new.removesuffix('d').removesuffix('le')} a run that is {task.status}.",
            {"id": task_id, "status": task.status, "allowed_from": list(allowed)},
        )
    task.status = new
    if new in ("cancelled",):
        task.completed_at = utcnow()
    return task


def stop_run(session: Session, task_id: str) -> Task:
    return _set_status(session, task_id, ("pending", "running", "paused", "stalled"), "cancelled")


def pause_run(session: Session, task_id: str) -> Task:
    return _set_status(session, task_id, ("pending", "running"), "paused")


def check_resumable(session: Session, task_id: str) -> Task:
    task = get_run(session, task_id)
    if task.status not in ("paused", "stalled"):
        raise InvalidInput(
            f"Only a paused or stalled run can be resumed; this one is {task.status}.",
            {"id": task_id, "status": task.status},
        )
    return task


def reset_failed(session: Session, only: str | None = None) -> int:
    """Forget failed and skipped item records (of one phase, when `only` names it) so the next
    run tries those items again."""
    total = 0
    for phase in get_args(ItemPhaseName):
        if only is not None and phase != only:
            continue
        for status in ("failed", "skipped"):
            total += repository.reset_phase(session, phase, status=status)
    return total


def list_runs(
    session: Session, limit: int, offset: int, status: str | None
) -> tuple[list[RunRead], int]:
    tasks, total = repository.list_tasks(session, limit, offset, status)
    return [describe(session, t) for t in tasks], total


def _rate(started: str | None, done: int, finished: str | None) -> float | None:
    if not started or done == 0:
        return None
    end = datetime.fromisoformat(finished) if finished else utcnow()
    seconds = (end - datetime.fromisoformat(started)).total_seconds()
    return round(done / seconds, 3) if seconds > 0 else None


def describe(session: Session, task: Task) -> RunRead:
    """The run as the API shows it: counts per phase from `item_phases`, rates and an ETA."""
    counts = repository.phase_counts(session, task.id)
    stats: dict[str, dict[str, Any]] = task.phase_stats or {}
    phases: list[PhaseProgress] = []
    eta: float | None = None
    for name in task.config_plan:
        st = stats.get(name, {})
        done = counts.get(name, {}).get("done", 0)
        failed = counts.get(name, {}).get("failed", 0)
        skipped = counts.get(name, {}).get("skipped", 0)
        finished = st.get("finished_at")
        state = "finished" if finished else ("running" if st.get("dispatched") else "waiting")
        rate = _rate(st.get("started_at"), done + failed + skipped, finished)
        total = st.get("total")
        phase_eta = None
        if state == "running" and rate and total is not None:
            phase_eta = round(max(0, total - done - failed - skipped) / rate, 1)
            eta = phase_eta
        error = st.get("error") or (st.get("outcome") or {}).get("error")
        phases.append(
            PhaseProgress(
                name=name,
                state=state,
                total=total,
                done=done,
                failed=failed,
                skipped=skipped,
                items_per_second=rate,
                eta_seconds=phase_eta,
                error=error,
                outcome=st.get("outcome"),
            )
        )
    failures = outcome.summarise(counts, stats, repository.failure_reasons(session, task.id))
    return RunRead(
        id=task.id,
        task_type=task.task_type,
        status=task.status,
        config=task.config,
        current_phase=task.current_phase,
        progress_percentage=task.progress_percentage,
        phases=phases,
        failures=failures,
        eta_seconds=eta,
        result_data=task.result_data,
        error_message=task.error_message,
        created_at=task.created_at,
        started_at=task.started_at,
        completed_at=task.completed_at,
        heartbeat_at=task.heartbeat_at,
    )
