"""`kbagent secrets ...`: the key that seals stored credentials."""

from __future__ import annotations

import click


@click.group("secrets")
def secrets_group() -> None:
    """The key sealing stored credentials (X tokens): rotate it, or make a new one."""


@secrets_group.command("rotate")
def rotate_command() -> None:
    """Re-seal every stored credential with a new key; old data stays readable until done."""
    from kbagent.command import migrated_database
    from kbagent.credentials.rotation import rotate

    with migrated_database() as (settings, database):
        report = rotate(settings, database)
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
