"""The run engine: moves a run through its phases from what the database says.

Every function here is idempotent and re-entrant, so a batch delivered twice, two workers
finishing at once, or a worker killed mid-batch never loses or doubles an item:
- `advance` (under the run's row lock) finishes phases with no pending items and dispatches the
  next phase's items in batches; while a phase's batches are in flight it does nothing.
- `process_batch` runs items; an item counts once because its `item_phases` row is written in
  the transaction that applies its output, and an item that already has one is skipped.
- `recover` re-dispatches runs whose heartbeat went stale (their worker died).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kbagent.agent import events, outcome, repository, retention, signals
from kbagent.agent.models import RunEvent
from kbagent.agent.phases import registered
from kbagent.agent.runtime import Runtime
from kbagent.ai import attribution, ledger
from kbagent.ai.routing import UsageRecord
from kbagent.content.models import ContentItem
from kbagent.db import utcnow
from kbagent.errors import KbagentError
from kbagent.pipeline.phase import Output, Phase, PhaseContext, SkipItem
from kbagent.pipeline.repository import mark_item_phases, recorded_items

log = logging.getLogger("kbagent.agent")
ACTIVE = ("pending", "running")
RETRY_DELAY_CAP = 30.0  # seconds between tries of an item while its model is down


def _context(rt: Runtime, task_id: str, config: dict[str, Any]) -> PhaseContext:
    settings, ai = rt.checked()  # an admin's change applies from the next batch on
    return PhaseContext(
        settings=settings,
        database=rt.database,
        task_id=task_id,
        ai=ai.for_run(task_id, config.get("models") or {}),
        config=config,
    )


Lookups = dict[tuple[str, bool], Any]
"""Per (item phase, dispatched?): whether items are left (dispatched) or the pending ids (not
yet), read before the write transaction."""


def _look_ahead(rt: Runtime, task_id: str) -> Lookups | None:
    """What `advance` will ask of the item phases it reaches, read without SQLite's write lock:
    at 100k items, listing pending ids or finding none left scans every item (seconds on a
    loaded machine), which held the lock from every API write. None when there is nothing
    to do: the current phase's batches are out and items are left (a finished batch calls
    `advance` after committing its items, so the last one to finish sees none left)."""
    found: Lookups = {}
    with rt.database.reader() as session:
        task = repository.get_task(session, task_id)
        if task is None or task.status not in ACTIVE:
            return None
        stats = task.phase_stats or {}
        for name in task.config_plan:
            st = stats.get(name) or {}
            phase = registered(name)
            if st.get("finished_at") or phase is None:
                continue
            if not phase.per_item:
                break
            if st.get("dispatched"):
                left = found[(name, True)] = repository.has_pending(session, name)
                if left:
                    return None if task.status == "running" else found
            else:
                pending = found[(name, False)] = repository.pending_item_ids(session, name)
                if pending:
                    break
    return found


def advance(rt: Runtime, task_id: str) -> None:
    lookups = _look_ahead(rt, task_id)
    if lookups is None:
        return
    dispatch: list[tuple[Any, ...]] = []
    noted: list[tuple[str, str, dict[str, Any]]] = []
    published: list[dict[str, Any]] = []
    ended = False
    with rt.database.writer() as session:
        task = repository.get_task(session, task_id, lock=True)
        if task is None or task.status not in ACTIVE:
            return
        now = utcnow()
        if task.status == "pending":
            task.status, task.started_at = "running", now
            noted.append(("run_start", "run started", {"plan": task.config_plan}))
        stats = {k: dict(v) for k, v in (task.phase_stats or {}).items()}
        for name in task.config_plan:
            st = stats.setdefault(name, {})
            if st.get("finished_at"):
                continue
            phase = registered(name)
            if phase is None:
                st["finished_at"], st["error"] = now.isoformat(), "phase not available"
                noted.append(("phase_end", f"{name}: not available", {"phase": name}))
                continue
            task.current_phase = name
            if phase.per_item:
                # Once dispatched, only whether anything is left matters: an EXISTS, not the
                # list of every pending id after every batch.
                # Read before the lock when the phase was in this state then (it almost
                # always is); another worker's advance in between changes the state.
                dispatched = bool(st.get("dispatched"))
                looked = lookups.get((name, dispatched))
                pending: list[str]
                if dispatched:
                    left = looked if looked is not None else repository.has_pending(session, name)
                    if left:
                        break
                    pending = []
                else:
                    pending = (
                        looked if looked is not None else repository.pending_item_ids(session, name)
                    )
                if pending:
                    st.update(dispatched=True, started_at=st.get("started_at") or now.isoformat())
                    # Re-dispatched after a crash or a retry: items this run already
                    # finished count too (they live in item_phases, not in the stats).
                    finished = sum(repository.phase_counts(session, task_id).get(name, {}).values())
                    st["total"] = len(pending) + finished
                    size = rt.settings.pipeline_batch_size
                    for i in range(0, len(pending), size):
                        dispatch.append(("process_batch", task_id, name, pending[i : i + size]))
                    noted.append(("phase_start", name, {"phase": name, "items": len(pending)}))
                if pending:
                    break
                st["finished_at"] = now.isoformat()
                noted.append(("phase_end", name, {"phase": name}))
                continue
            if not st.get("dispatched"):
                st.update(dispatched=True, started_at=now.isoformat())
                dispatch.append(("run_global", task_id, name))
                noted.append(("phase_start", name, {"phase": name}))
            break
        else:
            ended = True
            counts = repository.phase_counts(session, task_id)
            reasons = repository.failure_reasons(session, task_id)
            summary = outcome.summarise(counts, stats, reasons)
            status = outcome.final_status(summary)
            task.status, task.completed_at, task.current_phase = status, now, None
            task.progress_percentage = 100  # every phase ran; the status tells how it went
            failures = summary.model_dump(mode="json")
            task.result_data = {"phases": counts, "failures": failures}
            end = {"status": status, "phases": counts, "failures": failures}
            noted.append(("run_end", outcome.end_message(summary), end))
        task.phase_stats = stats
        task.heartbeat_at = now
        if task.status == "running":
            task.progress_percentage = _percentage(task.config_plan, stats)
        # The events commit with the state they report: a reader that sees the run completed
        # also finds its run_end, even when this worker dies right after.
        rows: list[RunEvent] = []
        for type_, message, data in noted:
            failed = type_ == "run_end" and data["status"] != "completed"
            level = "WARNING" if failed else "INFO"
            rows.append(events.record(session, task_id, type_, message, level=level, **data))
        session.commit()
        published = [events.event_dict(row) for row in rows]
    for event in published:
        events.publish(rt.bus, event)
    for work in dispatch:
        rt.dispatcher.send(*work)
    if ended:
        retention.prune_after_run(rt.database, rt.settings)


def _percentage(plan: list[str], stats: dict[str, dict[str, Any]]) -> int:
    if not plan:
        return 100
    total = 0.0
    for name in plan:
        st = stats.get(name, {})
        if st.get("finished_at"):
            total += 1
        elif st.get("total"):
            total += min(1.0, float(st.get("done", 0)) / float(st["total"]))
    return min(99, int(100 * total / len(plan)))


def _status(rt: Runtime, task_id: str) -> str | None:
    with rt.database.reader() as session:
        task = repository.get_task(session, task_id)
        return None if task is None else task.status


class _Heartbeats:
    """One thread per process touches the heartbeat of every run a batch of this process is
    busy with, even inside a slow item (not a thread per batch)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: dict[tuple[int, str], tuple[Runtime, int]] = {}
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def busy(self, rt: Runtime, task_id: str) -> Iterator[None]:
        key = (id(rt), task_id)
        with self._lock:
            self._busy[key] = (rt, self._busy.get(key, (rt, 0))[1] + 1)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._beat, daemon=True, name="heartbeats")
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                count = self._busy[key][1] - 1
                if count:
                    self._busy[key] = (rt, count)
                else:
                    del self._busy[key]

    def _beat(self) -> None:
        due: dict[tuple[int, str], float] = {}
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                busy = list(self._busy.items())
            for key in [k for k in due if k not in dict(busy)]:
                del due[key]
            for key, (rt, _) in busy:
                interval = max(0.5, rt.settings.run_stale_seconds / 4)
                if now < due.setdefault(key, now + interval):
                    continue
                due[key] = now + interval
                with contextlib.suppress(Exception), rt.database.writer() as session:
                    repository.touch(session, key[1])
                    session.commit()


_heartbeats = _Heartbeats()


@contextlib.contextmanager
def heartbeat(rt: Runtime, task_id: str) -> Iterator[None]:
    """Touch the run's heartbeat while this worker is busy with it, even inside a slow item."""
    with _heartbeats.busy(rt, task_id):
        yield


STATUS_SECONDS = 0.25  # a batch reads its run's status at most this often (pause, stop)
COMMIT_SECONDS = 0.5  # a batch commits its finished items at least this often
WRITE_SLICE_SECONDS = 0.25  # and holds the write lock about this long per transaction
FIRST_SLICE = 5  # items in a phase's first transaction, before its cost is known


class _Watch:
    """Whether the run is still running, read at most every STATUS_SECONDS: fast items share
    one read, a slow item (or one held up) is followed by a fresh one."""

    def __init__(self, rt: Runtime, task_id: str) -> None:
        self.rt, self.task_id = rt, task_id
        self.read_at = time.monotonic()

    def running(self) -> bool:
        fresh = time.monotonic() - self.read_at < STATUS_SECONDS
        if fresh and not signals.recently_changed():
            return True
        status = _status(self.rt, self.task_id)
        self.read_at = time.monotonic()
        return status == "running"


@dataclass
class _Result:
    """One item's step, to be written with its batch. `stopped`: the run stopped before the
    item could finish (it stays pending); only its model calls' usage is written."""

    item_id: str
    outcome: str  # done, failed, skipped or stopped
    model: str | None = None
    output: Output | None = None
    error: str = ""
    usage: list[UsageRecord] = field(default_factory=list)


def process_batch(rt: Runtime, task_id: str, phase_name: str, item_ids: list[str]) -> None:
    phase = registered(phase_name)
    with rt.database.reader() as session:
        task = repository.get_task(session, task_id)
        if task is None or phase is None or task.status != "running":
            return  # paused or stopped: the items stay pending for resume
        config = dict(task.config or {})
        # Another copy of this batch may have got there first: one still queued when the run
        # was re-dispatched (a worker died, Redis restarted). Its items' model calls are not
        # made again, nor their item_done sent twice.
        recorded = recorded_items(session, phase_name, item_ids)
    item_ids = [item_id for item_id in item_ids if item_id not in recorded]
    ctx = _context(rt, task_id, config)
    outage = _outage_of(task_id, rt.settings.pipeline_outage_seconds)
    watch = _Watch(rt, task_id)
    workers = (
        1 if phase.sequential or not phase.model_phase else ctx.ai.concurrency(phase.model_phase)
    )
    finished: list[_Result] = []
    complete = 0
    committed_at = time.monotonic()
    with heartbeat(rt, task_id):
        for result in _results(rt, ctx, phase, item_ids, outage, watch, workers):
            finished.append(result)
            # stopped while waiting out a model outage: the item stays pending
            complete += result.outcome != "stopped"
            if phase.sequential or time.monotonic() - committed_at >= COMMIT_SECONDS:
                _commit(rt, ctx, phase, finished)  # a slow phase still reports as it goes
                finished, committed_at = [], time.monotonic()
        _commit(rt, ctx, phase, finished)
    if complete == len(item_ids):  # else paused or stopped: the rest stay pending for resume
        advance(rt, task_id)


_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool(workers: int) -> ThreadPoolExecutor:
    """A process-wide pool per size (threads are not started per batch)."""
    with _pools_lock:
        pool = _pools.get(workers)
        if pool is None:
            pool = _pools[workers] = ThreadPoolExecutor(workers, thread_name_prefix="items")
        return pool


def _results(
    rt: Runtime,
    ctx: PhaseContext,
    phase: Phase,
    item_ids: list[str],
    outage: _Outage,
    watch: _Watch,
    workers: int,
) -> Iterator[_Result]:
    """The items' results as they finish, `workers` items in flight (the model's backend
    serves that many at once); no new item starts once the run is paused or stopped, or an
    item found it stopped."""
    if workers <= 1:
        for item_id in item_ids:
            if not watch.running():
                return
            result = _run_item(rt, ctx, phase, item_id, outage)
            yield result
            if result.outcome == "stopped":
                return
        return
    pool = _pool(workers)
    waiting = iter(item_ids)
    running: set[Future[_Result]] = set()
    stopped = False
    while True:
        while not stopped and len(running) < workers and watch.running():
            following = next(waiting, None)
            if following is None:
                break
            call = contextvars.copy_context().run
            running.add(pool.submit(call, _run_item, rt, ctx, phase, following, outage))
        if not running:
            return
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            result = future.result()
            stopped = stopped or result.outcome == "stopped"
            yield result


def _commit(rt: Runtime, ctx: PhaseContext, phase: Phase, results: list[_Result]) -> None:
    """The batch's items in one write transaction (or a few: see `_write`): outputs, item
    phases, events and model usage; an item whose output cannot be written fails alone."""
    written: set[int] = set()  # ids of the results committed
    try:
        _write(rt, ctx, phase, results, written)
    except OperationalError:
        raise  # the database itself failed: the batch is delivered again
    except Exception:
        log.warning("batch of %s could not be written at once", phase.name, exc_info=True)
        for result in [r for r in results if id(r) not in written]:
            try:
                _write(rt, ctx, phase, [result], written)
            except OperationalError:
                raise
            except Exception as exc:
                log.exception("item %s could not be recorded in %s", result.item_id, phase.name)
                error = f"{type(exc).__name__}: {exc}"
                failed = _Result(result.item_id, "failed", error=error, usage=result.usage)
                _write(rt, ctx, phase, [failed], written)


def _write(
    rt: Runtime, ctx: PhaseContext, phase: Phase, results: list[_Result], written: set[int]
) -> None:
    """Write `results` in as few transactions as hold the write lock for about
    WRITE_SLICE_SECONDS each; each transaction's events are published as it commits."""
    left = results
    while left:
        cost = _apply_cost.get(phase.name)
        size = FIRST_SLICE if cost is None else max(1, int(WRITE_SLICE_SECONDS / cost))
        part, left = left[:size], left[size:]
        started = time.monotonic()
        after: list[Callable[[], None]] = []
        with rt.database.writer() as session:
            outcomes = [
                (r.item_id, r.outcome, r.model, r.error[:2000] or None)
                for r in part
                if r.outcome != "stopped"
            ]
            marked = mark_item_phases(session, phase.name, ctx.task_id, outcomes)
            _preload(session, [r.item_id for r in part if r.item_id in marked])
            rows = [
                row
                for r in part
                if (row := _apply(session, ctx, phase, r, r.item_id in marked, after)) is not None
            ]
            session.add_all(rows)
            ledger.write(session, [u for r in part for u in r.usage])
            session.commit()
            published = [events.event_dict(row) for row in rows]
        written.update(id(r) for r in part)
        spent = (time.monotonic() - started) / len(part)
        _apply_cost[phase.name] = spent if cost is None else 0.7 * cost + 0.3 * spent
        for call in after:
            call()
        for event in published:
            events.publish(rt.bus, event)


_apply_cost: dict[str, float] = {}
"""Seconds per item a phase's outputs took to write, smoothed: a transaction takes as many
items as hold SQLite's write lock for about WRITE_SLICE_SECONDS (API writes wait for it)."""


def _preload(session: Session, item_ids: list[str]) -> None:
    """The items the outputs will change, in one read (their steps `session.get` them)."""
    if item_ids:
        session.scalars(select(ContentItem).where(ContentItem.id.in_(item_ids))).all()


def _apply(
    session: Session,
    ctx: PhaseContext,
    phase: Phase,
    r: _Result,
    marked: bool,
    after: list[Callable[[], None]],
) -> RunEvent | None:
    """One item's output and event, in the batch's transaction."""
    if r.outcome == "done":
        if marked and r.output is not None:
            if r.output.apply is not None:
                r.output.apply(session)
            if r.output.after is not None:
                after.append(r.output.after)
        return events.row(
            ctx.task_id, "item_done", phase=phase.name, item_id=r.item_id, model=r.model
        )
    if r.outcome in ("failed", "skipped") and marked:
        skipped = r.outcome == "skipped"
        return events.row(
            ctx.task_id,
            "item_skipped" if skipped else "item_failed",
            r.error[:500],
            level="WARNING" if skipped else "ERROR",
            phase=phase.name,
            item_id=r.item_id,
        )
    return None


class _Outage:
    """How long this run still waits for a model that is down before failing items.

    A model server that restarts or is briefly overloaded must not fail the items that meet
    it: the item waits (backoff up to RETRY_DELAY_CAP) while the budget lasts. The budget is
    shared by the run's batches in this process and renewed by every success, so a model
    that stays down costs one budget per run, not one per item or batch.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.renew()

    def renew(self) -> None:
        self.until = time.monotonic() + self.seconds

    def lasting(self) -> bool:
        return time.monotonic() < self.until


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(task_id: str, seconds: float) -> _Outage:
    with _outages_lock:
        found = _outages.get(task_id)
        if found is None:
            while len(_outages) >= 64:  # runs of the past: forget the oldest
                _outages.pop(next(iter(_outages)))
            found = _outages[task_id] = _Outage(seconds)
        return found


def _wait_running(rt: Runtime, task_id: str, delay: float) -> bool:
    """Sleep `delay` seconds unless the run stops or pauses meanwhile; False if it did."""
    end = time.monotonic() + delay
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 1.0))
        if _status(rt, task_id) != "running":
            return False
    return True


def _run_item(
    rt: Runtime, ctx: PhaseContext, phase: Phase, item_id: str, outage: _Outage
) -> _Result:
    """Run one item's step (its output is written with the batch), with the usage of its
    model calls."""
    with ledger.collecting() as usage:
        result = _try_item(rt, ctx, phase, item_id, outage)
    result.usage = usage
    return result


def _try_item(
    rt: Runtime, ctx: PhaseContext, phase: Phase, item_id: str, outage: _Outage
) -> _Result:
    assert phase.item_step is not None
    attempts = rt.settings.pipeline_max_attempts
    attempt = 0
    while True:
        attempt += 1
        try:
            with attribution.on_item(item_id):
                done = phase.item_step(ctx, item_id)
        except SkipItem as exc:
            return _Result(item_id, "skipped", error=str(exc))
        except (KbagentError, OperationalError) as exc:
            retryable = isinstance(exc, OperationalError) or exc.retryable
            error = exc.message if isinstance(exc, KbagentError) else str(exc.orig)
            if retryable and (attempt < attempts or outage.lasting()):
                base = rt.settings.pipeline_retry_base_seconds
                delay = min(base * 2 ** (attempt - 1), RETRY_DELAY_CAP)
                rt.emit(
                    ctx.task_id,
                    "log",
                    f"{phase.name}: retrying item {item_id} in {delay:.1f}s: {error}",
                    level="WARNING",
                    item_id=item_id,
                )
                if not _wait_running(rt, ctx.task_id, delay):
                    return _Result(item_id, "stopped")
                continue
            return _Result(item_id, "failed", error=error)
        except Exception as exc:
            log.exception("item %s failed in %s", item_id, phase.name)
            return _Result(item_id, "failed", error=f"{type(exc).__name__}: {exc}")
        outage.renew()
        if isinstance(done, Output):
            return _Result(item_id, "done", done.model, done)
        return _Result(item_id, "done", done)  # the step recorded its output itself


def run_global(rt: Runtime, task_id: str, phase_name: str) -> None:
    phase = registered(phase_name)
    with rt.database.reader() as session:
        task = repository.get_task(session, task_id)
        if task is None or task.status != "running" or phase is None:
            return
        config = dict(task.config or {})
    assert phase.global_step is not None
    outcome: dict[str, Any]
    with heartbeat(rt, task_id):
        try:
            outcome = phase.global_step(_context(rt, task_id, config))
        except Exception as exc:  # one failed phase never sinks the run
            log.exception("phase %s failed", phase_name)
            message = (
                exc.message if isinstance(exc, KbagentError) else f"{type(exc).__name__}: {exc}"
            )
            outcome = {"error": message}
            rt.emit(task_id, "log", f"{phase_name} failed: {message}", level="ERROR")
    with rt.database.writer() as session:
        task = repository.get_task(session, task_id, lock=True)
        if task is None:
            return
        stats = {k: dict(v) for k, v in (task.phase_stats or {}).items()}
        stats.setdefault(phase_name, {}).update(finished_at=utcnow().isoformat(), outcome=outcome)
        task.phase_stats = stats
        session.commit()
    rt.emit(task_id, "phase_end", phase_name, phase=phase_name, outcome=outcome)
    advance(rt, task_id)


def redispatch(
    rt: Runtime,
    task_id: str,
    *,
    status_from: tuple[str, ...],
    message: str = "run resumed",
    level: str = "INFO",
) -> bool:
    """Clear the in-flight marker of unfinished phases and advance: pending items go out again.

    Items already done are skipped by their `item_phases` rows, so this is safe after a crash.
    The `run_resumed` event commits with the change, before any work goes out: a worker that
    finishes the rest at once cannot end the run ahead of the event that resumed it.
    """
    with rt.database.writer() as session:
        task = repository.get_task(session, task_id, lock=True)
        if task is None or task.status not in status_from:
            return False
        stats = {k: dict(v) for k, v in (task.phase_stats or {}).items()}
        for st in stats.values():
            if not st.get("finished_at"):
                st.pop("dispatched", None)
        task.phase_stats = stats
        task.status = "running" if task.started_at else "pending"
        task.heartbeat_at = utcnow()
        row = events.record(session, task_id, "run_resumed", message, level=level)
        session.commit()
        resumed = events.event_dict(row)
    events.publish(rt.bus, resumed)
    advance(rt, task_id)
    return True


def recover(rt: Runtime) -> list[str]:
    """Resume runs whose worker died (stale heartbeat). Called by workers and the local server."""
    before = utcnow() - timedelta(seconds=rt.settings.run_stale_seconds)
    with rt.database.reader() as session:
        stale = [t.id for t in repository.stale_running(session, before)]
    resumed = []
    for task_id in stale:
        stopped = "resumed after its worker stopped"
        if redispatch(
            rt, task_id, status_from=("running", "stalled"), message=stopped, level="WARNING"
        ):
            resumed.append(task_id)
    return resumed


def mark_stalled(rt: Runtime) -> list[str]:
    """Mark runs whose heartbeat went stale as `stalled` (no worker is alive to resume them)."""
    before = utcnow() - timedelta(seconds=rt.settings.run_stale_seconds)
    marked = []
    with rt.database.writer() as session:
        for task in repository.stale_running(session, before):
            if task.status == "running":
                task.status = "stalled"
                marked.append(task.id)
        session.commit()
    for task_id in marked:
        rt.emit(task_id, "run_stalled", "no worker has reported for this run", level="ERROR")
    return marked
