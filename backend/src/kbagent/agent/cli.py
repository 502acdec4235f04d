"""`kbagent run` and `kbagent schedule ...`."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click
from pydantic import ValidationError

from kbagent.agent import schedules, service
from kbagent.agent.boot import open_runtime
from kbagent.agent.runtime import Runtime
from kbagent.agent.schemas import TERMINAL, RunConfig, RunRead, ScheduleCreate
from kbagent.config import Settings
from kbagent.errors import KbagentError


def _config(**fields: Any) -> RunConfig:
    try:
        return RunConfig.model_validate({k: v for k, v in fields.items() if v})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise click.BadParameter(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _describe(rt: Runtime, task_id: str) -> RunRead:
    with rt.database.reader() as session:
        return service.describe(session, service.get_run(session, task_id))


def run_command(
    settings: Settings,
    mode: str,
    skip: tuple[str, ...],
    force: tuple[str, ...],
    models: tuple[str, ...],
    detach: bool,
) -> None:
    overrides = dict(m.split("=", 1) for m in models if "=" in m)
    config = _config(mode=mode, skip_phases=list(skip), force_phases=list(force), models=overrides)
    rt = open_runtime(settings)
    try:
        with rt.database.writer() as session:
            task = service.create_run(session, config, "cli_run", settings=settings)
            session.commit()
            task_id = task.id
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None
    rt.emit(task_id, "run_queued", "run queued from the command line")
    rt.dispatcher.send("advance", task_id)
    click.echo(f"run {task_id} started ({'workers' if settings.redis_url else 'this process'})")
    if detach:
        return
    try:
        _follow(rt, task_id)
    except KeyboardInterrupt:
        with rt.database.writer() as session:
            service.stop_run(session, task_id)
            session.commit()
        rt.emit(task_id, "run_end", "run stopped from the command line", status="cancelled")
        raise click.ClickException("stopped") from None


_progressbar: Any = click.progressbar  # its overloads do not type a plain length bar


def _follow(rt: Runtime, task_id: str) -> None:
    """One progress bar per phase (plain lines when stderr is not a terminal), fed from the
    tasks table until the run ends."""
    tty = sys.stderr.isatty()
    bars: dict[str, Any] = {}
    shown: dict[str, tuple[int, str]] = {}
    finished: set[str] = set()
    while True:
        run = _describe(rt, task_id)
        for phase in run.phases:
            if phase.state == "waiting" or phase.name in finished:
                continue
            handled = phase.done + phase.failed + phase.skipped
            before = shown.get(phase.name, (0, ""))
            if tty:
                if phase.name not in bars:
                    bars[phase.name] = _progressbar(
                        length=phase.total or 1,
                        label=f"{phase.name:<11}",
                        show_pos=True,
                        show_eta=True,
                        file=sys.stderr,
                    )
                    bars[phase.name].__enter__()
                bars[phase.name].update(handled - before[0])
            elif (handled, phase.state) != before:
                total = phase.total if phase.total is not None else "-"
                click.echo(f"{phase.name:<11} {handled}/{total} {phase.state}", err=True)
            shown[phase.name] = (handled, phase.state)
            if phase.state == "finished":
                finished.add(phase.name)
                if phase.name in bars:
                    bars.pop(phase.name).__exit__(None, None, None)
        if run.status in TERMINAL or run.status in ("paused", "stalled"):
            break
        time.sleep(0.3)
    for bar in bars.values():
        bar.__exit__(None, None, None)
    _report(run)


# Exit codes of `kbagent run`: scripts can tell a clean run from one that left failed items.
EXIT_WITH_FAILURES = 3


def _report(run: RunRead) -> None:
    summary = {
        p.name: {"done": p.done, "failed": p.failed, "skipped": p.skipped} for p in run.phases
    }
    click.echo(f"run {run.id} {run.status}: {json.dumps(summary)}")
    failures = run.failures
    if failures.any:
        click.echo(f"failed: {failures.failed_items} item(s); top reasons:")
        for reason in failures.top_reasons:
            click.echo(f"  {reason.count:>5} x {reason.phase}: {reason.reason[:200]}")
    if run.status == "completed_with_failures":
        raise SystemExit(EXIT_WITH_FAILURES)
    if run.status != "completed":
        raise SystemExit(1)


@click.group("schedule")
def schedule_group() -> None:
    """Cron-style schedules of runs."""


@schedule_group.command("list")
@click.pass_obj
def schedule_list(settings: Settings) -> None:
    rt = open_runtime(settings)
    with rt.database.reader() as session:
        for s in schedules.list_schedules(session):
            state = "on " if s.enabled else "off"
            click.echo(f"{s.id}  {state}  {s.cron:<15} next {s.next_run_at}  {s.name}")


@schedule_group.command("add")
@click.argument("name")
@click.argument("cron")
@click.option("--mode", default="full", show_default=True)
@click.pass_obj
def schedule_add(settings: Settings, name: str, cron: str, mode: str) -> None:
    """Add a schedule, e.g. `kbagent schedule add nightly "0 3 * * *"`."""
    try:
        data = ScheduleCreate(name=name, cron=cron, config=_config(mode=mode))
    except ValidationError as exc:
        raise click.BadParameter(str(exc.errors()[0]["msg"])) from None
    rt = open_runtime(settings)
    try:
        with rt.database.writer() as session:
            created = schedules.create_schedule(session, data)
            session.commit()
            click.echo(f"added {created.id}: next run {created.next_run_at}")
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None


@schedule_group.command("remove")
@click.argument("schedule_id")
@click.pass_obj
def schedule_remove(settings: Settings, schedule_id: str) -> None:
    rt = open_runtime(settings)
    try:
        with rt.database.writer() as session:
            schedules.delete_schedule(session, schedule_id)
            session.commit()
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None
    click.echo("removed")


@schedule_group.command("run")
@click.argument("schedule_id")
@click.pass_obj
def schedule_run(settings: Settings, schedule_id: str) -> None:
    """Start the schedule's run now."""
    rt = open_runtime(settings)
    try:
        task_id = schedules.start_from_schedule(rt, schedule_id)
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"run {task_id} started")
    if not settings.redis_url:
        _follow(rt, task_id)
