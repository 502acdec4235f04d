"""Import throughput and memory: 10,000 records of one export format through `import_file`.

The records are written to a JSON file first (streamed, as the exporter's size would be for a
real account), then imported into a fresh, migrated database. Reports items/s for the first
import (all new) and a re-import (all unchanged), and the peak resident memory the import added
above the process's baseline: an import that streams stays far below the file's parsed size.

    python bench/import.py [--records N] [--db sqlite|postgres] [--format F]

Formats: `exporter` (twitter-web-exporter JSON, the default), `pocket_csv`, `raindrop_csv`,
`karakeep`, `readwise_reader_csv` (streamed row by row or element by element), `readwise_csv`
(highlights: 10 rows per book, one item per book), `omnivore` (a zip: metadata files of 20
items, every 5th with highlights, every 10th with a saved page) and `epub` (one book of N
chapters: one item; its rate is chapters/s). One format per run: peak memory is the process's,
so each format is measured in a process of its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import tempfile
import time
import zipfile
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


def write_readwise_reader_csv(path: Path, count: int) -> None:
    header = "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen"
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(header.split(","))
        for n in range(count):
            location = "archive" if n % 4 == 0 else "later"
            rows.writerow(
                [
                    f"Article {n} on caching",
                    f"https://e.org/{n}",
                    f"01gmjxjdxs6snfysns8h{n:06d}",
                    "['db', 'cache']",
                    "2022-11-06 04:33:50+00:00",
                    "0.5",
                    location,
                    "True",
                ]
            )


def write_readwise_csv(path: Path, count: int) -> None:
    header = (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,"
        "Location,Highlighted at,Document tags"
    )
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(header.split(","))
        for n in range(count):
            book = n // 10
            rows.writerow(
                [
                    f"Highlight {n}: caches trade memory for time.",
                    f"Book {book}",
                    "A. Author",
                    "",
                    "a note" if n % 3 == 0 else "",
                    "yellow",
                    "db",
                    "page",
                    n % 10,
                    "2024-05-01 10:00:00+00:00",
                    "reading",
                ]
            )


_PAGE = "<article><h1>Caching</h1>" + "<p>Caches trade memory for time, again.</p>" * 20


def write_omnivore(path: Path, count: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for start in range(0, count, 20):
            items = []
            for n in range(start, min(start + 20, count)):
                slug = f"article-{n}"
                items.append(
                    {
                        "id": f"id-{n}",
                        "slug": slug,
                        "title": f"Article {n}",
                        "description": "on caching",
                        "author": "A. Author",
                        "url": f"https://e.org/{n}",
                        "state": "Archived" if n % 4 == 0 else "Active",
                        "readingProgress": 50,
                        "thumbnail": None,
                        "labels": ["db", "cache"],
                        "savedAt": "2024-03-01T10:00:00.000Z",
                        "updatedAt": "2024-03-01T10:00:00.000Z",
                        "publishedAt": None,
                    }
                )
                if n % 5 == 0:
                    archive.writestr(f"highlights/{slug}.md", "> Caches trade memory for time.")
                if n % 10 == 0:
                    archive.writestr(f"content/{slug}.html", _PAGE)
            end = start + len(items)
            archive.writestr(f"metadata_{start}_to_{end}.json", json.dumps(items, indent=2))


def write_epub(path: Path, count: int) -> None:
    container = (
        '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles></container>'
    )
    items = "".join(
        f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
        for n in range(count)
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(count))
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bench</dc:title>'
        f"<dc:creator>A. Author</dc:creator></metadata><manifest>{items}</manifest>"
        f"<spine>{spine}</spine></package>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        for n in range(count):
            archive.writestr(
                f"OEBPS/c{n}.xhtml",
                '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                f"<h1>Chapter {n}</h1><p>Caches trade memory&nbsp;for time.</p></body></html>",
            )


WRITERS = {
    "exporter": write_export,
    "pocket_csv": write_pocket_csv,
    "raindrop_csv": write_raindrop_csv,
    "karakeep": write_karakeep,
    "readwise_reader_csv": write_readwise_reader_csv,
    "readwise_csv": write_readwise_csv,
    "omnivore": write_omnivore,
    "epub": write_epub,
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
    figures: dict[str, object] = {
        "benchmark": "import",
        "format": args.format,
        "db": args.db,
        "records": args.records,
        "export_mb": round(size_mb, 1),
        "added_memory_mb": round(peak - baseline, 1),
    }
    for label, report, seconds in (("first import", first, first_s), ("re-import", again, again_s)):
        # A highlights CSV has 10 records (rows) per item, an EPUB's records are its chapters.
        rate = args.records / seconds
        items = report.new + report.unchanged + report.updated + report.failed + report.skipped
        speed = f"{rate:,.0f} items/s"
        if items != args.records:
            speed = f"{rate:,.0f} records/s ({items / seconds:,.0f} items/s)"
        print(f"{label + ':':14} {report.summary()} in {seconds:.2f} s = {speed}")
        key = "first" if label == "first import" else "reimport"
        figures[f"{key}_records_per_s"] = round(rate, 1)
        figures[f"{key}_items_per_s"] = round(items / seconds, 1)
        figures[f"{key}_new"], figures[f"{key}_unchanged"] = report.new, report.unchanged
    print(
        f"peak memory:   {peak:.0f} MB resident, {peak - baseline:.0f} MB added by the import "
        f"(baseline {baseline:.0f} MB); export file {size_mb:.1f} MB"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
