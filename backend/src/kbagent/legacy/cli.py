"""`kbagent migrate-legacy`: the earlier tool's data in, a verification report out."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from kbagent.command import migrated_database
from kbagent.legacy import rollback as undo
from kbagent.legacy import service
from kbagent.legacy.schemas import MigrationReport, MigrationRequest


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter("use an ISO date or time, e.g. 2025-07-01T00:00:00Z") from None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found


def summary(report: MigrationReport) -> list[str]:
    what = "Dry run (nothing written)" if report.dry_run else f"Migration run {report.run_id}"
    lines = [
        f"{what} in {report.duration_s:.1f}s",
        "read: " + ", ".join(f"{k} {v}" for k, v in report.tables_in.items()),
    ]
    for table, counts in report.out.items():
        lines.append(
            f"  {table}: {counts.new} new, {counts.updated} updated, "
            f"{counts.unchanged} unchanged, {counts.adopted} already in kbagent"
        )
    lines.append(
        f"items without a title: {report.items_without_title}; without content: "
        f"{report.items_without_content}; missing media files: {report.missing_media}; "
        f"skipped records: {report.skipped}"
    )
    repairs = sum(sum(c.values()) for c in report.decode_repairs.values())
    lines.append(f"JSON values repaired: {repairs}")
    for skipped in report.skipped_records[:20]:
        lines.append(f"  skipped {skipped.kind} {skipped.key}: {skipped.reason}")
    return lines


@click.command("migrate-legacy")
@click.option("--db", "db", help="The earlier tool's database: a SQLite file, or a URL.")
@click.option(
    "--json-dir", type=click.Path(file_okay=False), help="Its `data/` folder (JSON files)."
)
@click.option(
    "--kb-dir", type=click.Path(file_okay=False), help="Its markdown folder (kb-generated)."
)
@click.option(
    "--media-root", type=click.Path(file_okay=False), help="What its media paths are relative to."
)
@click.option("--dry-run", is_flag=True, help="Read and compare only; print the report.")
@click.option("--since", help="Only records created or changed from this ISO time on.")
@click.option("--rollback", "rollback_run", metavar="RUN_ID", help="Undo that migration run.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def migrate_legacy(
    db: str | None,
    json_dir: str | None,
    kb_dir: str | None,
    media_root: str | None,
    dry_run: bool,
    since: str | None,
    rollback_run: str | None,
    as_json: bool,
) -> None:
    """Import the earlier Knowledge Base Agent: its database (SQLite or PostgreSQL), its JSON
    state files and its markdown folder. Running it again imports only what changed."""
    with migrated_database() as (settings, database):
        if rollback_run:
            result = undo.rollback(database, settings, rollback_run)
            click.echo(json.dumps(result.model_dump(mode="json")))
            return
        request = MigrationRequest(
            db=db, json_dir=json_dir, kb_dir=kb_dir, media_root=media_root, dry_run=dry_run,
            since=_since(since),
        )  # fmt: skip

        def progress(stage: str, done: int, total: int) -> None:
            if total:
                click.echo(f"  {stage}: {done}/{total}", err=True)

        report, path = service.migrate(database, settings, request, progress)
    if as_json:
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2))
    else:
        for line in summary(report):
            click.echo(line)
        click.echo(f"report saved to {path}")
        if report.run_id:
            click.echo(f"undo with: kbagent migrate-legacy --rollback {report.run_id}")
