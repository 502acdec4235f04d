"""Every query on legacy_runs and legacy_records, and the few kbagent-wide counts a
migration's integrity checks and rollback need."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kbagent.chat.models import ChatSession
from kbagent.content.models import ContentItem
from kbagent.db import utcnow
from kbagent.knowledge.models import Category, ItemVersion, KnowledgeItem, SynthesisDocument
from kbagent.legacy.models import LegacyRecord, LegacyRun


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def get_run(session: Session, run_id: str) -> LegacyRun | None:
    return session.get(LegacyRun, run_id)


def list_runs(session: Session, limit: int = 50) -> Sequence[LegacyRun]:
    query = select(LegacyRun).order_by(LegacyRun.started_at.desc()).limit(limit)
    return session.scalars(query).all()


def unfinished_runs(session: Session) -> Sequence[LegacyRun]:
    return session.scalars(select(LegacyRun).where(LegacyRun.status == "running")).all()


def mark_interrupted(session: Session, run_ids: Sequence[str]) -> None:
    if run_ids:
        session.execute(
            update(LegacyRun)
            .where(LegacyRun.id.in_(list(run_ids)))
            .values(status="interrupted", finished_at=utcnow())
        )


def records(session: Session, kind: str) -> dict[str, LegacyRecord]:
    rows = session.scalars(select(LegacyRecord).where(LegacyRecord.kind == kind))
    return {row.legacy_key: row for row in rows}


def records_for(session: Session, kind: str, keys: list[str]) -> dict[str, LegacyRecord]:
    if not keys:
        return {}
    rows = session.scalars(
        select(LegacyRecord).where(LegacyRecord.kind == kind, LegacyRecord.legacy_key.in_(keys))
    )
    return {row.legacy_key: row for row in rows}


def records_of_run(session: Session, run_id: str) -> Sequence[LegacyRecord]:
    return session.scalars(select(LegacyRecord).where(LegacyRecord.run_id == run_id)).all()


def clear_updates_by(session: Session, run_id: str) -> int:
    result = session.execute(
        update(LegacyRecord)
        .where(LegacyRecord.updated_run_id == run_id)
        .values(updated_run_id=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_record(session: Session, row: LegacyRecord) -> None:
    session.delete(row)


def category_pairs(session: Session) -> set[tuple[str, str]]:
    rows = session.execute(select(Category.main_category, Category.sub_category))
    return {(main, sub) for main, sub in rows}


def categories_named(session: Session, pairs: set[tuple[str, str]]) -> list[Category]:
    found = session.scalars(select(Category)).all()
    return [c for c in found if (c.main_category, c.sub_category) in pairs]


def category_has_items(session: Session, main: str, sub: str) -> bool:
    query = select(ContentItem.id).where(
        ContentItem.main_category == main, ContentItem.sub_category == sub
    )
    return session.scalar(query.limit(1)) is not None


def media_paths_in_use(session: Session) -> set[str]:
    """Every media path a content item names (a rollback keeps those files), in one pass."""
    found: set[str] = set()
    for entries in session.scalars(
        select(ContentItem.media_files).execution_options(yield_per=1000)
    ):
        for entry in entries or []:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                found.add(entry["path"])
    return found


def delete_versions(session: Session, knowledge_item_id: str) -> None:
    session.execute(delete(ItemVersion).where(ItemVersion.knowledge_item_id == knowledge_item_id))


def counts(session: Session) -> dict[str, int]:
    """Rows per kbagent table a migration writes (the report's before/after check)."""
    tables = {
        "content_items": ContentItem,
        "knowledge_items": KnowledgeItem,
        "categories": Category,
        "synthesis_documents": SynthesisDocument,
        "chat_sessions": ChatSession,
    }
    return {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in tables.items()
    }
