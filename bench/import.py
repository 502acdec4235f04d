"""Import throughput and memory: 10,000 records of one export format through `import_file`.

The records are written to a JSON file first (streamed, as the exporter's size would be for a
real account), then imported into a fresh, migrated database. Reports items/s for the first
import (all new) and a re-import (all unchanged), and the peak resident memory the import added
above the process's baseline: an import that streams stays far below the file's parsed size.

    python bench/import.py [--records N] [--db sqlite|postgres] [--format F]

Formats: `exporter` (twitter-web-exporter JSON, the default), `pocket_csv`, `raindrop_csv`
and `karakeep` (streamed row by row or element by element). One format per run: peak memory
is the process's, so each format is measured in a process of its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import tempfile
import time
from pathlib import Path

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.sources.imports import import_file


def _record(n: int) -> dict[str, object]:
    post_id = str(1_700_000_000_000_000_000 + n)
    return {
        "id": post_id,
        "created_at": "2024-05-01 12:00:00 +00:00",
        "full_text": f"Bookmark {n}: notes on databases, caching and search. " * 4,
        "screen_name": f"user{n % 500}",
        "name": f"User {n % 500}",
        "user_id": str(n % 500),
        "media": [
            {
                "type": "photo",
                "url": f"https://pbs.twimg.com/media/M{n}.jpg",
                "thumbnail": f"https://pbs.twimg.com/media/M{n}.jpg?name=thumb",
                "original": f"https://pbs.twimg.com/media/M{n}.jpg?name=orig",
                "ext_alt_text": None,
            }
        ]
        if n % 3 == 0
        else [],
        "in_reply_to": None,
        "quoted_status": None,
        "retweeted_status": None,
        "favorite_count": n % 97,
        "retweet_count": n % 13,
        "reply_count": 0,
        "quote_count": 0,
        "url": f"https://x.com/user{n % 500}/status/{post_id}",
    }


def write_export(path: Path, count: int) -> None:
    with path.open("w") as out:
        out.write("[")
        for n in range(count):
            out.write(("," if n else "") + json.dumps(_record(n)))
        out.write("]")


def write_pocket_csv(path: Path, count: int) -> None:
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["title", "url", "time_added", "tags", "status"])
        for n in range(count):
            status = "archive" if n % 4 == 0 else "unread"
            rows.writerow(
                [
                    f"Article {n} on caching",
                    f"https://e.org/{n}",
                    1_600_000_000 + n,
                    "db|cache",
                    status,
                ]
            )


def write_raindrop_csv(path: Path, count: int) -> None:
    header = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite"
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(header.split(","))
        for n in range(count):
            rows.writerow(
                [
                    n,
                    f"Page {n}",
                    "a note",
                    "an excerpt",
                    f"https://e.org/{n}",
                    "Research/Go",
                    "go, db",
                    "2024-03-01T10:00:00.000Z",
                    "",
                    "",
                    "false",
                ]
            )


def write_karakeep(path: Path, count: int) -> None:
    with path.open("w") as out:
        out.write('{"bookmarks": [')
        for n in range(count):
            bookmark = {
                "createdAt": 1_700_000_000 + n,
                "title": f"Bookmark {n}",
                "tags": ["db"],
                "lists": ["l1"],
                "content": {"type": "link", "url": f"https://e.org/{n}"},
                "note": None,
                "archived": False,
            }
            out.write(("," if n else "") + json.dumps(bookmark))
        out.write('], "lists": [{"id": "l1", "name": "Reading", "parentId": null}]}')


WRITERS = {
    "exporter": write_export,
    "pocket_csv": write_pocket_csv,
    "raindrop_csv": write_raindrop_csv,
    "karakeep": write_karakeep,
}


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(kind: str, folder: Path) -> tuple[Settings, object]:
    if kind == "sqlite":
        return load_settings(data_dir=folder), None
    from _services import create_database, start_postgres

    server = start_postgres()
    url = create_database(server, "kb_bench_import")
    return load_settings(data_dir=folder, database_url=url), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--format", choices=sorted(WRITERS), default="exporter")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings, server = _settings(args.db, folder / "data")
        try:
            migrations.upgrade(settings)
            export = folder / "export"
            WRITERS[args.format](export, args.records)
            size_mb = export.stat().st_size / 1e6
            database = open_database(settings.resolved_database_url)
            baseline = _max_rss_mb()
            started = time.perf_counter()
            first = import_file(database, settings, export)
            first_s = time.perf_counter() - started
            peak = _max_rss_mb()
            started = time.perf_counter()
            again = import_file(database, settings, export)
            again_s = time.perf_counter() - started
            database.dispose()
        finally:
            if server is not None:
                server.stop()  # type: ignore[attr-defined]
    print(f"database: {args.db}; file: {args.records} {args.format} records")
    for label, report, seconds in (("first import", first, first_s), ("re-import", again, again_s)):
        rate = args.records / seconds
        print(f"{label + ':':14} {report.summary()} in {seconds:.2f} s = {rate:,.0f} items/s")
    print(
        f"peak memory:   {peak:.0f} MB resident, {peak - baseline:.0f} MB added by the import "
        f"(baseline {baseline:.0f} MB); export file {size_mb:.1f} MB"
    )


if __name__ == "__main__":
    main()
