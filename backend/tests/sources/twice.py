"""Import a file twice: the second import must change nothing, field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database
from kbagent.sources.imports import import_file
from kbagent.sources.schemas import ImportReport

FIELDS = ("title", "content", "raw_data", "media_files", "truncated", "content_hash")


def snapshot(database: Database) -> dict[tuple[str, str], tuple[Any, ...]]:
    with database.reader() as session:
        rows = session.scalars(select(ContentItem))
        return {
            (r.source_type, r.source_id): (
                *(getattr(r, f) for f in FIELDS),
                r.processing_state,
                r.updated_at,
            )
            for r in rows
        }


def mark_processed(database: Database) -> None:
    """As the pipeline leaves items: a re-import that changes nothing must not re-queue them."""
    with database.writer() as session:
        session.execute(update(ContentItem).values(processing_state="processed"))
        session.commit()


def import_twice(database: Database, settings: Settings, path: Path) -> ImportReport:
    first = import_file(database, settings, path)
    mark_processed(database)
    before = snapshot(database)
    again = import_file(database, settings, path)
    assert (again.new, again.updated, again.failed) == (0, 0, first.failed)
    assert again.unchanged == first.new + first.unchanged + first.updated
    assert snapshot(database) == before
    return first


def reimport_changes_nothing(database: Database, settings: Settings, path: Path) -> None:
    before = snapshot(database)
    again = import_file(database, settings, path)
    assert (again.new, again.updated) == (0, 0)
    assert snapshot(database) == before
