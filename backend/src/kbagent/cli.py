"""The `kbagent` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kbagent.config import Settings, SettingsError, load_settings
from kbagent.errors import KbagentError

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


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
    from kbagent.system.logs import configure_logging

    settings = _settings()
    configure_logging(settings.log_level)
    if migrate:
        _run(lambda: migrations.upgrade(settings))
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )


@main.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.option("--down", is_flag=True, help="Downgrade to --revision (default: base) instead.")
def migrate(revision: str, down: bool) -> None:
    """Create or upgrade the database schema (SQLite or PostgreSQL + pgvector)."""
    from kbagent import migrations

    settings = _settings()
    if down:
        target = "base" if revision == "head" else revision
        _run(lambda: migrations.downgrade(settings, target))
    else:
        _run(lambda: migrations.upgrade(settings, revision))
    click.echo(f"database at revision {'base' if down and revision == 'head' else revision}")


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Import FILE: X archive zip, exporter JSON, bookmark HTML, PDF, DOCX, HTML, MD or text.

    The format is detected from the content. Importing the same file again adds nothing.
    """
    from kbagent import migrations
    from kbagent.db import open_database
    from kbagent.sources.imports import import_file

    settings = _settings()
    _run(lambda: migrations.upgrade(settings))
    database = open_database(settings.resolved_database_url)
    size = file.stat().st_size
    try:
        with click.progressbar(length=size, label=f"Importing {file.name}") as bar:

            def progress(done: int, total: int) -> None:
                bar.update(max(0, min(done, total) - bar.pos))

            report = _run(lambda: import_file(database, settings, file, file.name, progress))
            bar.update(size - bar.pos)
    finally:
        database.dispose()
    _print_report(report)


@main.command(name="add-url")
@click.argument("urls", nargs=-1, required=True)
def add_url(urls: tuple[str, ...]) -> None:
    """Fetch web pages and add their main content to the knowledge base."""
    from kbagent import migrations
    from kbagent.db import open_database
    from kbagent.sources.web import add_urls

    settings = _settings()
    _run(lambda: migrations.upgrade(settings))
    database = open_database(settings.resolved_database_url)
    try:
        report = _run(lambda: add_urls(database, settings, list(urls)))
    finally:
        database.dispose()
    _print_report(report)


def _print_report(report: Any) -> None:
    fmt = f" ({report.format})" if report.format else ""
    click.echo(f"{report.summary()}{fmt}")
    for failure in report.failures[:50]:
        click.echo(f"  failed {failure.ref}: {failure.reason}", err=True)
    if report.failed > 50:
        click.echo(f"  ... and {report.failed - 50} more failures", err=True)


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except KbagentError as exc:
        detail = f" ({exc.details['cause']})" if "cause" in exc.details else ""
        click.echo(f"Error: {exc.message}{detail}", err=True)
        sys.exit(1)
