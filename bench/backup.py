"""Backup and restore durations of a populated instance, on SQLite and PostgreSQL.

Loaded through the test harness's `populate` (items with two chunks and two vectors each,
versions, a media file per item, an uploaded original, runs, usage, a credential, the synced
vault). Measured: `create_backup` (snapshot + archive), `restore_backup` into an empty data
directory and database (verify + unpack + load + migrate), the archive's size; the restored
instance's fingerprint is checked to equal the original's.
Run: backend/.venv/bin/python bench/backup.py [--items 2000]   (last line: JSON)
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from _services import ROOT, create_database, start_postgres
from harness.instance import fingerprint, populate

from kbagent import migrations
from kbagent.backup.archive import create_backup
from kbagent.backup.restore import restore_backup
from kbagent.config import Settings, load_settings

RESULTS = ROOT / "bench" / "results"


def measure(source: Settings, target: Settings, items: int, folder: Path) -> dict[str, Any]:
    migrations.upgrade(source)
    started = time.perf_counter()
    populate(source, items=items)
    load_s = time.perf_counter() - started
    backup = create_backup(source, folder)
    restored = restore_backup(target, backup.path)
    before, after = fingerprint(source), fingerprint(target)
    assert after == before, "the restored instance differs from the original"
    return {
        "items": items,
        "rows": sum(backup.manifest.tables.values()),
        "vectors": backup.manifest.tables["embeddings"],
        "files": len(backup.manifest.files),
        "archive_bytes": backup.path.stat().st_size,
        "load_seconds": round(load_s, 2),
        "backup_seconds": round(backup.seconds, 2),
        "restore_seconds": round(restored.seconds, 2),
        "identical": True,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        results["sqlite"] = measure(
            load_settings(data_dir=root / "src"),
            load_settings(data_dir=root / "dst"),
            args.items,
            root,
        )
    server = start_postgres()
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            results["postgres"] = measure(
                load_settings(data_dir=root / "src", database_url=create_database(server, "b_src")),
                load_settings(data_dir=root / "dst", database_url=create_database(server, "b_dst")),
                args.items,
                root,
            )
    finally:
        server.stop()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "backup.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
