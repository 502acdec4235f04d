"""What every `kbagent` command that works on the data does first and last: the settings from
the environment, the database migrated and opened, and a user's mistake (a bad setting, a
refused request) ended with its message instead of a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar

import click

from kbagent import migrations
from kbagent.config import Settings, SettingsError, load_settings
from kbagent.db import Database, open_database
from kbagent.errors import KbagentError

T = TypeVar("T")


def exit_with(exc: KbagentError) -> NoReturn:
    """End the command with the error's message (and its cause, when it names one)."""
    detail = f" ({exc.details['cause']})" if "cause" in exc.details else ""
    click.echo(f"Error: {exc.message}{detail}", err=True)
    sys.exit(1)


def or_exit(action: Callable[[], T]) -> T:
    """`action()`, a refused request or failed service ending the command with its message."""
    try:
        return action()
    except KbagentError as exc:
        exit_with(exc)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def migrated_database(settings: Settings | None = None) -> Iterator[tuple[Settings, Database]]:
    """The settings and the database, migrated to the current schema, for one command; an
    error of kbagent's raised inside ends the command with its message."""
    settings = settings or settings_or_exit()
    try:
        migrations.upgrade(settings)
        database = open_database(
            settings.resolved_database_url, settings.database_lock_timeout_seconds
        )
    except KbagentError as exc:
        exit_with(exc)
    try:
        yield settings, database
    except KbagentError as exc:
        exit_with(exc)
    finally:
        database.dispose()
