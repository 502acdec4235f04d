"""`kbagent secrets ...`: the key that seals stored credentials."""

from __future__ import annotations

import click

from kbagent.config import SettingsError, load_settings
from kbagent.errors import KbagentError


@click.group("secrets")
def secrets_group() -> None:
    """The key sealing stored credentials (X tokens): rotate it, or make a new one."""


@secrets_group.command("rotate")
def rotate_command() -> None:
    """Re-seal every stored credential with a new key; old data stays readable until done."""
    from kbagent import migrations
    from kbagent.credentials.rotation import rotate
    from kbagent.db import open_database

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    migrations.upgrade(settings)
    database = open_database(settings.resolved_database_url, settings.database_lock_timeout_seconds)
    try:
        report = rotate(settings, database)
    except KbagentError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        database.dispose()
    click.echo(
        f"re-sealed {report.resealed} credential(s) with a new key ({report.key_source}); "
        f"{report.unreadable} unreadable left as they were"
    )
    if report.next_step:
        click.echo(report.next_step)


@secrets_group.command("generate-key")
def generate_key_command() -> None:
    """Print a new key for KBAGENT_SECRET_KEY."""
    from kbagent.credentials.rotation import generate_key

    click.echo(generate_key())
