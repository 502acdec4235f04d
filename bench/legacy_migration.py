"""A migration from the earlier tool, measured: a legacy SQLite database of `--items` items
(the latest Flask schema, with the damage LEGACY.md lists: double-encoded JSON, untitled items,
missing media files; one or two media files each), its markdown tree, then
`migrate-legacy` into a fresh kbagent database, a second (incremental) run, and a rollback.

Prints the verification report's summary and the durations; the last line is one JSON object
(also written to bench/results/legacy_migration.json). `--postgres` runs kbagent on the
harness's PostgreSQL instead of SQLite.
Run: backend/.venv/bin/python bench/legacy_migration.py [--items 3000] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _services import ROOT, create_database, start_postgres
from legacy.fixtures import flask_db, kb_tree

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.legacy import rollback, service
from kbagent.legacy.cli import summary
from kbagent.legacy.schemas import MigrationRequest

RESULTS = ROOT / "bench" / "results"


def measure(settings: Settings, project: Path, items: int) -> dict[str, Any]:
    migrations.upgrade(settings)
    started = time.perf_counter()
    expected = flask_db(f"sqlite:///{project / 'instance' / 'knowledge_base.db'}", project, items)
    kb_tree(project / "kb-generated")
    built_s = time.perf_counter() - started
    request = MigrationRequest(
        db=str(project / "instance" / "knowledge_base.db"),
        kb_dir=str(project / "kb-generated"),
    )
    database = open_database(settings.resolved_database_url)
    try:
        started = time.perf_counter()
        report, path = service.migrate(database, settings, request)
        first_s = time.perf_counter() - started
        for line in summary(report):
            print(line)
        print(f"report saved to {path}")
        started = time.perf_counter()
        again, _ = service.migrate(database, settings, request)
        second_s = time.perf_counter() - started
        assert report.run_id and again.run_id
        started = time.perf_counter()
        undone = [rollback.rollback(database, settings, r) for r in (again.run_id, report.run_id)]
        rollback_s = time.perf_counter() - started
    finally:
        database.dispose()
    return {
        "legacy_items": len(expected.titles),
        "fixture_build_seconds": round(built_s, 2),
        "migrate_seconds": round(first_s, 2),
        "items_per_second": round(len(expected.titles) / first_s, 1),
        "incremental_rerun_seconds": round(second_s, 2),
        "rollback_seconds": round(rollback_s, 2),
        "tables_in": report.tables_in,
        "out": {k: v.model_dump() for k, v in report.out.items()},
        "rerun_out": {k: v.model_dump() for k, v in again.out.items()},
        "items_without_title": report.items_without_title,
        "items_without_content": report.items_without_content,
        "missing_media": report.missing_media,
        "decode_repairs": report.decode_repairs,
        "skipped": report.skipped,
        "rolled_back": undone[1].deleted,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        (project / "instance").mkdir(parents=True)
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        if args.postgres:
            server = start_postgres()
            try:
                url = create_database(server, "bench_legacy")
                settings = load_settings(data_dir=data_dir, database_url=url)
                results = {"postgres": measure(settings, project, args.items)}
            finally:
                server.stop()
        else:
            results = {"sqlite": measure(load_settings(data_dir=data_dir), project, args.items)}
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "legacy_migration.json"
    kept = json.loads(target.read_text()) if target.is_file() else {}  # the other database's
    target.write_text(json.dumps({**kept, **results}, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
