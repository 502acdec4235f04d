"""Store drafts exactly once: a unique (source_type, source_id) plus a content hash.

A record whose key is new is inserted; one whose hash matches is left alone; one whose hash
differs is updated and queued for processing again. One bad record is counted as failed and the
rest go on; an error from the source itself (a file that cannot be read) aborts the whole
import and, since everything happens in one transaction, stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from kbagent.content.models import CHANGED, ContentItem
from kbagent.db import Database
from kbagent.sources import repository
from kbagent.sources.drafts import ItemDraft, Record, RecordFailure, precedence, sanitised
from kbagent.sources.schemas import ImportReport

Progress = Callable[[int], None]
BATCH = 500


def _problem(draft: ItemDraft) -> str | None:
    if not draft.source_id.strip():
        return "record has no id"
    if len(draft.source_id) > 512:
        return "record id is longer than 512 characters"
    if len(draft.content) > 5_000_000:
        return "content is larger than 5 MB of text"
    return None


Known = dict[tuple[str, str], ContentItem]


def _known(session: Session, drafts: list[ItemDraft]) -> Known:
    wanted: dict[str, set[str]] = {}
    for draft in drafts:
        wanted.setdefault(draft.source_type, set()).add(draft.source_id)
    known: Known = {}
    for source_type, ids in wanted.items():
        for source_id, row in repository.items_by_source(session, source_type, ids).items():
            known[(source_type, source_id)] = row
    return known


def _store(
    session: Session, draft: ItemDraft, known: Known, report: ImportReport
) -> ContentItem | None:
    """Insert or update one draft; returns the row it touched (None when unchanged)."""
    digest = draft.content_hash()
    title = (draft.title.strip() or draft.source_id)[:1024]
    row = known.get((draft.source_type, draft.source_id))
    if row is None:
        row = ContentItem(
            source_type=draft.source_type,
            source_id=draft.source_id,
            title=title,
            content=draft.content,
            raw_data=draft.raw_data,
            media_files=draft.media_files,
            content_hash=digest,
        )
        repository.add_item(session, row)
        known[(draft.source_type, draft.source_id)] = row  # a repeat later in the file
        report.new += 1
        return row
    if row.content_hash == digest or precedence(row.raw_data) > precedence(draft.raw_data):
        report.unchanged += 1
        return None
    row.title = title
    row.content = draft.content
    row.raw_data = draft.raw_data
    row.media_files = draft.media_files
    row.content_hash = digest
    row.processing_state = CHANGED  # the next run processes it again
    report.updated += 1
    return row


def _store_batch(session: Session, drafts: list[ItemDraft], report: ImportReport) -> None:
    # Fast path: the whole batch in one savepoint, read with one query per source type.
    before = report.model_copy()
    try:
        with session.begin_nested():
            known = _known(session, drafts)
            touched = [_store(session, d, known, report) for d in drafts]
            session.flush()
    except (IntegrityError, DataError):
        # A concurrent writer or a value the database refuses: redo record by record, so
        # only the culprit fails.
        report.new, report.unchanged, report.updated = before.new, before.unchanged, before.updated
        touched = []
        for draft in drafts:
            try:
                with session.begin_nested():
                    touched.append(_store(session, draft, _known(session, [draft]), report))
                    session.flush()
            except (IntegrityError, DataError) as exc:
                report.fail(draft.source_id, f"could not be stored: {str(exc.orig)[:300]}")
    room = 1000 - len(report.item_ids)
    report.item_ids.extend([row.id for row in touched if row is not None][: max(room, 0)])
    session.expunge_all()  # keeps memory flat however long the import is


def ingest(
    session: Session, records: Iterable[Record], progress: Progress | None = None
) -> ImportReport:
    """Store every record; the caller commits (or rolls back when the source raises)."""
    report = ImportReport()
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        drafts: list[ItemDraft] = []
        for record in batch:
            if isinstance(record, RecordFailure):
                report.fail(record.ref, record.reason)
                continue
            draft = sanitised(record)
            problem = _problem(draft)
            if problem:
                report.fail(draft.source_id[:100] or "?", problem)
            else:
                drafts.append(draft)
        _store_batch(session, drafts, report)
        if progress is not None:
            progress(len(batch))
    return report


def import_records(
    database: Database, records: Iterable[Record], progress: Progress | None = None
) -> ImportReport:
    """The task boundary: one transaction for the whole import, committed at the end."""
    with database.writer() as session:
        report = ingest(session, records, progress)
        session.commit()
    return report
