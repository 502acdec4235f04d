"""The `kbagent` command line."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any, TypeVar

import click

from kbagent.agent.phases import MODE_PHASES
from kbagent.command import migrated_database, or_exit, settings_or_exit
from kbagent.config import Settings, SettingsError, load_settings
from kbagent.errors import KbagentError

T = TypeVar("T")


def _settings_in_force() -> Settings:
    """The environment's settings with an admin's changes stored in the database (the AI
    backends and models the server and workers use now)."""
    from kbagent.db import open_database
    from kbagent.settings.live import LiveSettings

    base = settings_or_exit()
    embedded = base.embedded_database_path
    if embedded is not None and not embedded.exists():
        return base  # nothing stored yet: don't create an empty database as a side effect
    database = open_database(base.resolved_database_url, base.database_lock_timeout_seconds)
    try:
        return LiveSettings(base, database).current()
    finally:
        database.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kbagent")
def main() -> None:
    """kbagent: saved bookmarks, pages and files in; a knowledge base to search and chat with.

    Settings come from KBAGENT_* environment variables (see README).
    """


@main.command()
@click.option("--host", help="Interface to bind (default KBAGENT_HOST, 127.0.0.1).")
@click.option("--port", type=int, help="Port (default KBAGENT_PORT, 8000).")
@click.option(
    "--migrate/--no-migrate",
    default=True,
    show_default=True,
    help="Apply database migrations before serving.",
)
def serve(host: str | None, port: int | None, migrate: bool) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    from kbagent import migrations
    from kbagent.main import create_app
    from kbagent.system.http_protocol import EnvelopeHttpProtocol
    from kbagent.system.logs import configure_logging

    try:  # the flags go through the same checks (KBAGENT_AUTH=disabled needs loopback)
        settings = load_settings(
            **{k: v for k, v in (("host", host), ("port", port)) if v is not None}
        )
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    configure_logging(settings.log_level, settings)
    if migrate:
        or_exit(lambda: migrations.upgrade(settings))
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        # Forwarded headers are the gate's job (KBAGENT_TRUSTED_PROXIES, system/gate.py);
        # uvicorn's own handling would believe any local process by default.
        proxy_headers=False,
        http=EnvelopeHttpProtocol,
    )


@main.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.option("--down", is_flag=True, help="Downgrade to --revision (default: base) instead.")
def migrate(revision: str, down: bool) -> None:
    """Create or upgrade the database schema (SQLite or PostgreSQL + pgvector)."""
    from kbagent import migrations

    settings = settings_or_exit()
    if down:
        target = "base" if revision == "head" else revision
        or_exit(lambda: migrations.downgrade(settings, target))
    else:
        or_exit(lambda: migrations.upgrade(settings, revision))
    click.echo(f"database at revision {'base' if down and revision == 'head' else revision}")


@main.command()
@click.option(
    "--concurrency",
    "-c",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes (CPU-bound phases gain nothing past the core count).",
)
@click.option("--include", "-I", multiple=True, help="Extra modules to import (Celery -I).")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, include: tuple[str, ...], loglevel: str) -> None:
    """Run a Celery worker for agent runs (needs KBAGENT_REDIS_URL)."""
    settings = settings_or_exit()
    if not settings.redis_url:
        raise click.ClickException(
            "kbagent worker needs KBAGENT_REDIS_URL; without Redis, `kbagent serve` and "
            "`kbagent run` process runs themselves."
        )
    from kbagent.system.logs import configure_logging
    from kbagent.worker import celery_app

    configure_logging(settings.log_level, settings)
    argv = [
        "worker",
        f"--concurrency={concurrency}",
        f"--loglevel={loglevel}",
        "-Q",
        settings.redis_prefix,
    ]
    for module in include:
        argv += ["-I", module]
    celery_app.worker_main(argv)


@main.command()
@click.option(
    "--mode",
    type=click.Choice(list(MODE_PHASES)),
    default="full",
    show_default=True,
)
@click.option("--skip", multiple=True, help="Skip a phase (repeatable).")
@click.option("--force", multiple=True, help="Redo a phase for items done already (repeatable).")
@click.option(
    "--model",
    "models",
    multiple=True,
    metavar="PHASE=MODEL",
    help="Model override for this run, e.g. chat=ollama:llama3.2.",
)
@click.option("--detach", is_flag=True, help="Start and return (workers do the work).")
def run(
    mode: str,
    skip: tuple[str, ...],
    force: tuple[str, ...],
    models: tuple[str, ...],
    detach: bool,
) -> None:
    """Run the agent: fetch, process and synthesise, with a progress bar per phase."""
    from kbagent.agent.cli import run_command

    run_command(settings_or_exit(), mode, skip, force, models, detach)


@main.command()
@click.option("--detach", is_flag=True, help="Start and return (workers do the work).")
def reembed(detach: bool) -> None:
    """Embed every item again with KBAGENT_MODEL_EMBEDDINGS (an `embeddings_only` run).

    Any run that embeds does this by itself when the configured model or dimension differs
    from the stored vectors'; this command also redoes it when they are the same.
    """
    from kbagent.agent.cli import run_command

    run_command(settings_or_exit(), "embeddings_only", (), ("embed",), (), detach)


@main.command()
def prune() -> None:
    """Delete what the retention settings (KBAGENT_RETAIN_*) no longer keep."""
    from kbagent.agent.retention import prune as prune_database
    from kbagent.db import open_database

    settings = settings_or_exit()
    database = open_database(settings.resolved_database_url)
    try:
        report = or_exit(lambda: prune_database(database, settings))
    finally:
        database.dispose()
    click.echo(json.dumps(report.as_dict()))


@main.group("schedule")
@click.pass_context
def schedule(ctx: click.Context) -> None:
    """Cron-style schedules of runs: list, add, remove, run."""
    ctx.obj = settings_or_exit()


def _register_schedule_commands() -> None:
    from kbagent.agent.cli import schedule_group

    for command in schedule_group.commands.values():
        schedule.add_command(command)


_register_schedule_commands()


def _register_backup_commands() -> None:
    from kbagent.backup.cli import backup, restore

    main.add_command(backup)
    main.add_command(restore)


_register_backup_commands()


def _register_secrets_commands() -> None:
    from kbagent.credentials.cli import secrets_group

    main.add_command(secrets_group)


_register_secrets_commands()


@main.group("user")
@click.pass_context
def user(ctx: click.Context) -> None:
    """Accounts: create (`--admin` for the first admin), list, reset a password."""
    ctx.obj = settings_or_exit()


def _register_user_commands() -> None:
    from kbagent.auth.cli import user_group

    for command in user_group.commands.values():
        user.add_command(command)


_register_user_commands()


def _register_legacy_command() -> None:
    from kbagent.legacy.cli import migrate_legacy

    main.add_command(migrate_legacy)


_register_legacy_command()


@main.command()
def scheduler() -> None:
    """Fire the cron schedules stored in the database, and KBAGENT_BACKUP_CRON's backups (with
    Redis; local serve does this itself)."""
    import threading

    from kbagent.agent.boot import open_runtime
    from kbagent.agent.schedules import run_scheduler
    from kbagent.backup.scheduled import run_backup_scheduler
    from kbagent.system.logs import configure_logging

    settings = settings_or_exit()
    configure_logging(settings.log_level, settings)
    click.echo("scheduler running; Ctrl-C stops it", err=True)
    runtime = open_runtime(settings)
    stop = threading.Event()
    backups = threading.Thread(
        target=run_backup_scheduler,
        args=(lambda: runtime.settings, stop),
        name="kbagent-backups",
        daemon=True,
    )
    backups.start()
    with contextlib.suppress(KeyboardInterrupt):
        run_scheduler(runtime, stop)
    stop.set()


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Import FILE: X archive zip, exporter JSON, bookmark HTML, PDF, DOCX, HTML, MD or text.

    The format is detected from the content. Importing the same file again adds nothing.
    """
    from kbagent.sources.imports import import_file

    size = file.stat().st_size
    label = f"Importing {file.name}"
    with (
        migrated_database() as (settings, database),
        click.progressbar(length=size, label=label) as bar,
    ):

        def progress(done: int, total: int) -> None:
            bar.update(max(0, min(done, total) - bar.pos))

        report = import_file(database, settings, file, file.name, progress)
        bar.update(size - bar.pos)
    _print_report(report)


@main.command(name="add-url")
@click.argument("urls", nargs=-1, required=True)
def add_url(urls: tuple[str, ...]) -> None:
    """Fetch web pages and add their main content to the knowledge base."""
    from kbagent.sources.web import add_urls

    with migrated_database() as (settings, database):
        report = add_urls(database, settings, list(urls))
    _print_report(report)


def _print_report(report: Any) -> None:
    """The report; a failing exit status when records failed and none was taken, so a
    script notices an import that did nothing."""
    fmt = f" ({report.format})" if report.format else ""
    click.echo(f"{report.summary()}{fmt}")
    for failure in report.failures[:50]:
        click.echo(f"  failed {failure.ref}: {failure.reason}", err=True)
    if report.failed > 50:
        click.echo(f"  ... and {report.failed - 50} more failures", err=True)
    if report.failed and not (report.new or report.updated or report.unchanged):
        sys.exit(1)


@main.group()
def ai() -> None:
    """Talk to the configured AI models (the bundled offline ones by default)."""


@ai.command()
@click.argument("prompt")
@click.option("--phase", default="chat", show_default=True, help="Phase whose model answers.")
@click.option("--model", help="backend:model (or a comma-separated chain) instead.")
@click.option("--max-tokens", type=int, default=256, show_default=True)
@click.option("--temperature", type=float, help="Sampling temperature (0: deterministic).")
@click.option("--stream/--no-stream", default=True, show_default=True)
def ask(
    prompt: str,
    phase: str,
    model: str | None,
    max_tokens: int,
    temperature: float | None,
    stream: bool,
) -> None:
    """Answer PROMPT, printing the model that answered and its usage to stderr."""
    from kbagent.ai import Message, Options
    from kbagent.ai.registry import build_ai

    client = build_ai(_settings_in_force())
    options = Options(max_tokens=max_tokens, temperature=temperature)
    try:
        if stream:
            with client.stream(phase, [Message("user", prompt)], options, model) as chunks:
                for chunk in chunks:
                    click.echo(chunk, nl=False)
                completion = chunks.completion
            click.echo()
        else:
            completion = client.chat(phase, [Message("user", prompt)], options, model)
            click.echo(completion.text)
    except KbagentError as exc:
        raise click.ClickException(f"{exc.message}") from None
    finally:
        client.close()
    if completion is not None:
        usage = completion.usage
        click.echo(
            f"[{completion.model}: {usage.prompt_tokens}+{usage.completion_tokens} tokens, "
            f"{completion.latency_s:.2f}s]",
            err=True,
        )


@ai.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--model", help="backend:model instead of KBAGENT_MODEL_EMBEDDINGS.")
def embed(texts: tuple[str, ...], model: str | None) -> None:
    """Print one JSON line per text: the model and the embedding vector."""
    import json

    from kbagent.ai.registry import build_ai

    client = build_ai(_settings_in_force())
    try:
        result = client.embed(list(texts), model)
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        client.close()
    for text, vector in zip(texts, result.vectors, strict=True):
        click.echo(json.dumps({"model": result.model, "text": text, "embedding": vector}))


@ai.command()
@click.option(
    "--self-test",
    is_flag=True,
    help="Measure the capability profile of each chat model a phase uses, now.",
)
def models(self_test: bool) -> None:
    """List every backend's models with their capabilities and measured profile (context,
    structured-answer reliability, speed), and the route of each phase."""
    from kbagent.ai import profile
    from kbagent.ai.registry import build_ai, catalogue
    from kbagent.ai.routing import parse_chain

    settings = _settings_in_force()
    client = build_ai(settings)
    try:
        listing = catalogue(client)
        if self_test:
            routed = {f"{b}:{m}" for spec in listing.routes.values() for b, m in parse_chain(spec)}
            for group in listing.backends:
                for entry in group.models:
                    if "chat" in entry.capabilities and entry.name in routed:
                        try:
                            profile.measure(client, "chat", entry.name, settings.data_dir)
                        except KbagentError as exc:
                            click.echo(f"{entry.name}: self-test failed: {exc.message}", err=True)
        listing = catalogue(client, profile.stored(settings.data_dir))
    finally:
        client.close()
    for group in listing.backends:
        click.echo(f"{group.backend} ({group.status}{': ' + group.detail if group.detail else ''})")
        for entry in group.models:
            context = f"context {entry.context_window}" if entry.context_window else "context ?"
            if "chat" not in entry.capabilities:
                measured = "no self-test (not a chat model)"
            elif entry.json_reliability is None:
                measured = "untested (kbagent ai models --self-test)"
            else:
                speed = f", {entry.tokens_per_second:g} tokens/s" if entry.tokens_per_second else ""
                measured = f"structured answers {entry.json_reliability:.0%} right{speed}"
            flags = ", ".join(entry.capabilities)
            click.echo(f"  {entry.name}  [{flags}]  {context}; {measured}")
    for phase, route in listing.routes.items():
        click.echo(f"{phase}: {route or '(none)'}")
