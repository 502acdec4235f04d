"""Undo a migration run: delete every row (and media file) it created, in batches.

Rows a run only adopted (kbagent had them already) stay; so does a media file some other
item still names. A record a later run updated is deleted with the run that created it; the
later run's own changes to rows it did not create cannot be told apart and stay.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kbagent.chat.models import ChatSession
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, utcnow
from kbagent.errors import Duplicate, NotFound
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge.models import Category, KnowledgeItem, SynthesisDocument
from kbagent.legacy import repository
from kbagent.legacy.models import LegacyRecord
from kbagent.legacy.schemas import RollbackReport
from kbagent.media_path import confined

BATCH = 200
ORDER = ("chat", "synthesis", "item", "category")


def _undo(session: Session, record: LegacyRecord, deleted: Counter[str]) -> list[str]:
    """Delete what the record's run created; the media files it made, to check after."""
    targets: dict[str, Any] = record.targets or {}
    created = set(targets.get("created", []))
    if "chat_session" in created and (row := session.get(ChatSession, targets.get("chat_session"))):
        session.delete(row)
        deleted["chat_sessions"] += 1
    if "synthesis" in created and (doc := session.get(SynthesisDocument, targets.get("synthesis"))):
        session.delete(doc)
        deleted["synthesis_documents"] += 1
    if "knowledge_item" in created and (
        kb := session.get(KnowledgeItem, targets.get("knowledge_item"))
    ):
        repository.delete_versions(session, kb.id)
        session.delete(kb)
        deleted["knowledge_items"] += 1
    if "content_item" in created and (
        content := session.get(ContentItem, targets.get("content_item"))
    ):
        session.delete(content)
        deleted["content_items"] += 1
    category = session.get(Category, targets.get("category")) if "category" in created else None
    if category is not None and not repository.category_has_items(
        session, category.main_category, category.sub_category
    ):
        session.delete(category)
        deleted["categories"] += 1
    repository.delete_record(session, record)
    return list(targets.get("media_created", []))


def _remove_media(
    session: Session,
    settings: Settings,
    paths: list[str],
    deleted: Counter[str],
    kept: Counter[str],
) -> None:
    in_use = repository.media_paths_in_use(session) if paths else set()
    for raw in dict.fromkeys(paths):
        media = confined(settings.data_dir, raw)
        if media is None:
            continue
        if raw in in_use:
            kept["media_files_in_use"] += 1
            continue
        path: Path = media.file(settings.data_dir)
        if path.is_file():
            path.unlink()
            deleted["media_files"] += 1


def rollback(database: Database, settings: Settings, run_id: str) -> RollbackReport:
    with database.reader() as session:
        run = repository.get_run(session, run_id)
        if run is None:
            raise NotFound(f"No legacy migration run {run_id!r}.", {"run_id": run_id})
        if run.status == "running":
            raise Duplicate(
                "That migration is still running; wait for it to end.", {"run_id": run_id}
            )
        if run.status == "rolled_back":
            raise Duplicate("That migration was rolled back already.", {"run_id": run_id})
        records = sorted(
            repository.records_of_run(session, run_id),
            key=lambda r: ORDER.index(r.kind) if r.kind in ORDER else len(ORDER),
        )
        ids = [r.id for r in records]
    deleted: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    media: list[str] = []
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        with database.writer() as session:
            for record_id in batch:
                record = session.get(LegacyRecord, record_id)
                if record is not None:
                    media += _undo(session, record, deleted)
            session.commit()
        database.give_way()
    with database.reader() as session:  # the files go once no row names them any more
        _remove_media(session, settings, media, deleted, kept)
    with database.writer() as session:
        deleted["categories"] += len(kb_repository.prune_empty_categories(session))
        kb_repository.bump_search_generation(session)
        kept["records_updated_by_run"] = repository.clear_updates_by(session, run_id)
        run = repository.get_run(session, run_id)
        if run is not None:
            run.status = "rolled_back"
            run.finished_at = utcnow()
        session.commit()
    return RollbackReport(run_id=run_id, deleted=dict(deleted), kept=dict(kept))
