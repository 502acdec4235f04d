"""Store drafts exactly once: a unique (source_type, source_id) plus a content hash.

A record whose key is new is inserted; one whose hash matches is left alone; one whose hash
differs is updated and queued for processing again. One bad record is counted as failed and the
rest go on.

An import commits in batches of `BATCH` records, each its own short write transaction, and
the records of a batch are read from the source before the transaction opens: on SQLite other
writers (API requests, the pipeline) take the single write lock between batches instead of
waiting for the whole import. An error from the source itself (a file damaged half-way) stops
the import; the batches before it stay stored, and the error's details report them
(`stored_before_error`). Importing the file again is safe: stored records count as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from kbagent.content.models import CHANGED, ContentItem
from kbagent.db import Database
from kbagent.errors import KbagentError
from kbagent.sources import repository
from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    RecordSkipped,
    precedence,
    sanitised,
)
from kbagent.sources.merge import MERGERS
from kbagent.sources.schemas import ImportReport

Progress = Callable[[int], None]
BATCH = 250  # records per write transaction: a few hundred keep each lock hold short


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


def _as_draft(row: ContentItem) -> ItemDraft:
    return ItemDraft(
        source_type=row.source_type,
        source_id=row.source_id,
        title=row.title,
        content=row.content,
        raw_data=row.raw_data,
        media_files=list(row.media_files or []),
        truncated=bool(row.truncated),
    )


def _same(row: ContentItem, draft: ItemDraft, title: str) -> bool:
    return (
        row.title == title
        and row.content == draft.content
        and row.raw_data == draft.raw_data
        and list(row.media_files or []) == draft.media_files
        and bool(row.truncated) == draft.truncated
    )


def _store(
    session: Session, draft: ItemDraft, known: Known, report: ImportReport
) -> ContentItem | None:
    """Insert or update one draft; returns the row it touched (None when unchanged)."""
    digest = draft.content_hash()
    row = known.get((draft.source_type, draft.source_id))
    if row is None:
        row = ContentItem(
            source_type=draft.source_type,
            source_id=draft.source_id,
            title=(draft.title.strip() or draft.source_id)[:1024],
            content=draft.content,
            raw_data=draft.raw_data,
            media_files=draft.media_files,
            truncated=draft.truncated,
            content_hash=digest,
        )
        repository.add_item(session, row)
        known[(draft.source_type, draft.source_id)] = row  # a repeat later in the file
        report.new += 1
        return row
    if row.content_hash == digest:
        report.unchanged += 1
        return None
    merge = MERGERS.get(draft.source_type)
    if merge is not None:
        draft = merge(_as_draft(row), draft)
    elif precedence(row.raw_data) > precedence(draft.raw_data):
        report.unchanged += 1
        return None
    title = (draft.title.strip() or draft.source_id)[:1024]
    if _same(row, draft, title):  # the other source added nothing this item lacks
        report.unchanged += 1
        return None
    row.title = title
    row.content = draft.content
    row.raw_data = draft.raw_data
    row.media_files = draft.media_files
    row.truncated = draft.truncated
    row.content_hash = draft.content_hash()
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


def _drafts(batch: list[Record], report: ImportReport) -> list[ItemDraft]:
    drafts: list[ItemDraft] = []
    for record in batch:
        if isinstance(record, RecordFailure):
            report.fail(record.ref, record.reason)
            continue
        if isinstance(record, RecordSkipped):
            report.skipped += 1
            continue
        draft = sanitised(record)
        problem = _problem(draft)
        if problem:
            report.fail(draft.source_id[:100] or "?", problem)
        else:
            drafts.append(draft)
    return drafts


def _stored_so_far(report: ImportReport) -> dict[str, int]:
    return {
        "new": report.new,
        "unchanged": report.unchanged,
        "updated": report.updated,
        "failed": report.failed,
        "skipped": report.skipped,
    }


def import_records(
    database: Database, records: Iterable[Record], progress: Progress | None = None
) -> ImportReport:
    """The task boundary: one short write transaction per batch of records.

    Reading (parsing, unpacking media) happens outside the transaction, and between batches
    the import gives way to writers of this process queued for SQLite's lock.
    """
    report = ImportReport()
    iterator = iter(records)
    while True:
        try:
            batch = list(islice(iterator, BATCH))
        except KbagentError as exc:
            kept = _stored_so_far(report)
            exc.details = {**exc.details, "stored_before_error": kept}
            if report.new or report.updated:
                exc.message = (
                    f"{exc.message} The {report.new + report.updated} records before it were "
                    "stored; importing the corrected file again adds only the rest."
                )
            raise
        if not batch:
            return report
        drafts = _drafts(batch, report)
        with database.writer() as session:
            _store_batch(session, drafts, report)
            session.commit()
        if progress is not None:
            progress(len(batch))
        database.give_way()
