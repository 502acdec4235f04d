"""One entry point for every file a user brings: detect the format, read, store, report."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import PayloadTooLarge
from kbagent.sources.detect import Format, detect
from kbagent.sources.drafts import Record
from kbagent.sources.exporter import exporter_records
from kbagent.sources.files import file_draft
from kbagent.sources.ingest import import_records
from kbagent.sources.managers import karakeep_records, linkwarden_records
from kbagent.sources.netscape import bookmark_records
from kbagent.sources.omnivore import omnivore_records
from kbagent.sources.readlater import csv_records
from kbagent.sources.readwise import readwise_records
from kbagent.sources.schemas import ImportReport
from kbagent.sources.xarchive import archive_js_records, archive_records

DOCUMENTS = {
    Format.PDF: "pdf",
    Format.DOCX: "docx",
    Format.EPUB: "epub",
    Format.HTML: "html",
    Format.MARKDOWN: "markdown",
    Format.TEXT: "text",
}

CSV_EXPORTS = (
    Format.POCKET_CSV,
    Format.RAINDROP_CSV,
    Format.INSTAPAPER_CSV,
    Format.READWISE_READER_CSV,
)


class OpenedFile(NamedTuple):
    format: Format
    records: Iterator[Record]
    position: Callable[[], int]  # bytes of the file read so far, for progress bars
    size: int


def _closing(handle: BinaryIO, records: Iterator[Record]) -> Iterator[Record]:
    try:
        yield from records
    finally:
        handle.close()


def file_records(path: Path, settings: Settings, display_name: str | None = None) -> OpenedFile:
    """The detected format and the records of a file, read lazily so imports stream."""
    found = detect(path)
    size = path.stat().st_size
    if found in (Format.X_ARCHIVE, Format.X_ARCHIVE_JS, Format.EXPORTER_JSON):
        handle = path.open("rb")
        if found is Format.X_ARCHIVE:
            records = archive_records(handle, settings)
        elif found is Format.X_ARCHIVE_JS:
            records = archive_js_records(handle)
        else:
            records = exporter_records(handle)
        return OpenedFile(
            found, _closing(handle, records), lambda: size if handle.closed else handle.tell(), size
        )
    if found is Format.KARAKEEP_JSON:
        return OpenedFile(found, karakeep_records(path), lambda: size, size)
    if found is Format.LINKWARDEN_JSON:
        return OpenedFile(found, linkwarden_records(path), lambda: size, size)
    if found is Format.OMNIVORE_ZIP:
        return OpenedFile(found, omnivore_records(path), lambda: size, size)
    if found is Format.READWISE_CSV:
        return OpenedFile(found, readwise_records(path), lambda: size, size)
    if found in CSV_EXPORTS:
        return OpenedFile(found, csv_records(path, found.value), lambda: size, size)
    if found in (Format.NETSCAPE, Format.POCKET_HTML):
        records = bookmark_records(path, pocket=found is Format.POCKET_HTML)
        return OpenedFile(found, records, lambda: size, size)
    # A single document is read eagerly: a broken one is an error for the whole upload.
    draft = file_draft(path, DOCUMENTS[found], settings.data_dir, display_name)
    return OpenedFile(found, iter([draft]), lambda: size, size)


def import_file(
    database: Database,
    settings: Settings,
    path: Path,
    display_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import any supported file; `progress(bytes_read, total_bytes)` is called per batch."""
    opened = file_records(path, settings, display_name)
    on_batch = (lambda _n: progress(opened.position(), opened.size)) if progress else None
    report = import_records(database, opened.records, on_batch)
    report.format = opened.format.value
    return report


def save_upload(source: BinaryIO, settings: Settings) -> Path:
    """Copy an upload to a fresh file under `data_dir/tmp`, capped; the caller deletes it.

    The file's name is random: nothing the user sent becomes part of a path.
    """
    folder = settings.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"upload-{uuid.uuid4().hex}"
    limit = settings.upload_max_bytes
    written = 0
    try:
        with target.open("xb") as out:
            os.chmod(target, 0o600)
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > limit:
                    raise PayloadTooLarge(
                        f"Upload is larger than the limit of {limit} bytes.", {"limit_bytes": limit}
                    )
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
