"""One entry point for every file a user brings: detect the format, read, store, report."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import PayloadTooLarge
from kbagent.sources.detect import Format, detect
from kbagent.sources.drafts import Record
from kbagent.sources.exporter import exporter_records
from kbagent.sources.files import file_draft
from kbagent.sources.ingest import Progress, import_records
from kbagent.sources.netscape import bookmark_records
from kbagent.sources.schemas import ImportReport
from kbagent.sources.xarchive import archive_js_records, archive_records

DOCUMENTS = {
    Format.PDF: "pdf",
    Format.DOCX: "docx",
    Format.HTML: "html",
    Format.MARKDOWN: "markdown",
    Format.TEXT: "text",
}


def file_records(
    path: Path, settings: Settings, display_name: str | None = None
) -> tuple[Format, Iterator[Record]]:
    """The detected format and the records of a file (lazily read, so imports stream)."""
    found = detect(path)
    if found is Format.X_ARCHIVE:
        return found, archive_records(path, settings)
    if found is Format.X_ARCHIVE_JS:
        return found, archive_js_records(path)
    if found is Format.EXPORTER_JSON:
        return found, exporter_records(path)
    if found is Format.NETSCAPE:
        return found, bookmark_records(path)
    # A single document is read eagerly: a broken one is an error for the whole upload.
    draft = file_draft(path, DOCUMENTS[found], settings.data_dir, display_name)
    return found, iter([draft])


def import_file(
    database: Database,
    settings: Settings,
    path: Path,
    display_name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    found, records = file_records(path, settings, display_name)
    report = import_records(database, records, progress)
    report.format = found.value
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
