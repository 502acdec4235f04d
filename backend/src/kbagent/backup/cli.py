"""`kbagent backup` and `kbagent restore`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kbagent.config import Settings, SettingsError, load_settings
from kbagent.errors import KbagentError


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _fail(exc: KbagentError) -> click.ClickException:
    return click.ClickException(exc.message)


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Archive file, or a folder for it (default: KBAGENT_BACKUP_DIR).",
)
def backup(out: Path | None) -> None:
    """Back up the database, vault, media, files and key file into one .tar.gz archive.

    Safe while kbagent runs: the database is read as one consistent snapshot.
    """
    from kbagent.backup.archive import create_backup

    try:
        result = create_backup(_settings(), out)
    except KbagentError as exc:
        raise _fail(exc) from None
    manifest = result.manifest
    click.echo(
        f"{result.path} ({result.path.stat().st_size} bytes, {len(manifest.files)} files, "
        f"{sum(manifest.tables.values())} rows, schema {manifest.schema_revision}, "
        f"{result.seconds:.1f}s)"
    )


@click.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Restore into this data directory instead of KBAGENT_DATA_DIR.",
)
@click.option("--force", is_flag=True, help="Replace what the target holds.")
def restore(archive: Path, data_dir: Path | None, force: bool) -> None:
    """Restore ARCHIVE (made by `kbagent backup`) into an empty data directory and database.

    Every checksum is verified first; a damaged archive, or one from a newer kbagent, is
    refused and nothing is changed. An older schema is migrated to this version's. Stop the
    server and workers first.
    """
    from kbagent.backup.restore import restore_backup

    settings = _settings(**({"data_dir": data_dir} if data_dir is not None else {}))
    try:
        result = restore_backup(settings, archive, force)
    except KbagentError as exc:
        raise _fail(exc) from None
    manifest = result.manifest
    click.echo(
        json.dumps(
            {
                "restored": str(archive),
                "created_at": manifest.created_at.isoformat(),
                "schema_revision": manifest.schema_revision,
                "migrated_to": result.schema_revision,
                "files": len(manifest.files),
                "rows": sum(manifest.tables.values()),
                "seconds": round(result.seconds, 2),
            }
        )
    )
