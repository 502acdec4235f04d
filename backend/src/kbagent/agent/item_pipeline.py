"""One item through the pipeline: what each per-item phase did with it, and redoing one phase.

The record is `item_phases` (state, attempts, model, error, run) with the model calls
accounted to the item in `ai_usage` (see ai/attribution.py); the summary says in a few words
what the step left behind.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kbagent.agent.phases import PHASE_ORDER, registered
from kbagent.agent.schemas import FailedItem, FailedItemPage, ItemPhaseRead, ItemPipelineRead
from kbagent.agent.service import forced_with_downstream
from kbagent.ai import repository as usage
from kbagent.content import repository as content
from kbagent.content.models import ContentItem
from kbagent.errors import InvalidInput, NotFound
from kbagent.knowledge import repository as knowledge
from kbagent.pipeline import repository as records


def item_phase_names() -> list[str]:
    return [name for name in PHASE_ORDER if (p := registered(name)) is not None and p.per_item]


def _item(session: Session, item_id: str) -> ContentItem:
    item = content.get(session, item_id)
    if item is None:
        raise NotFound(f"Content item {item_id} not found.", {"item_id": item_id})
    return item


def _summaries(session: Session, item: ContentItem) -> dict[str, str]:
    media = item.media_files or []
    found: dict[str, str] = {
        "cache": f"{len(item.content or ''):,} characters of text",
        "media": f"{len(media)} media file{'' if len(media) == 1 else 's'}",
    }
    if item.main_category:
        found["categorise"] = " / ".join(c for c in (item.main_category, item.sub_category) if c)
    note = knowledge.get_by_content_item(session, item.id)
    if note is not None:
        found["generate"] = f"“{note.display_title}”, {len(note.enhanced_content):,} characters"
        chunks = knowledge.count_chunks(session, note.id)
        found["embed"] = f"{chunks} searchable chunk{'' if chunks == 1 else 's'}"
    return found


def describe(session: Session, item_id: str) -> ItemPipelineRead:
    item = _item(session, item_id)
    rows = records.item_phases(session, item_id)
    summaries = _summaries(session, item)
    phases = []
    for name in item_phase_names():
        row = rows.get(name)
        state = row.status if row is not None else "pending"
        phases.append(
            ItemPhaseRead(
                name=name,
                state=state if state in ("done", "failed", "skipped") else "pending",
                attempts=row.attempts if row is not None else 0,
                model=row.model if row is not None else None,
                error=row.error if row is not None else None,
                updated_at=row.updated_at if row is not None else None,
                run_id=row.task_id if row is not None else None,
                summary=summaries.get(name) if state == "done" else None,
            )
        )
    return ItemPipelineRead(
        item_id=item.id,
        title=item.title,
        processing_state=item.processing_state,
        phases=phases,
        usage=usage.item_usage(session, item_id),
    )


def forget(session: Session, item_id: str, phase: str) -> list[str]:
    """Forget the item's `phase` and every per-item phase after it (a new note must reach the
    search index too); the phases the next run will redo for it."""
    _item(session, item_id)
    names = item_phase_names()
    if phase not in names:
        raise InvalidInput(
            f"{phase} is not a per-item phase; choose one of {', '.join(names)}.",
            {"phase": phase, "allowed": names},
        )
    redo = [p for p in forced_with_downstream([phase]) if p in names]
    records.forget_item_phases(session, item_id, redo)
    return redo


def failed_items(session: Session, task_id: str, limit: int, offset: int) -> FailedItemPage:
    """The items that failed in one run, each with its phase and reason (a retry of that
    phase forgets the failure, so the list empties as items are retried)."""
    rows, total = records.failed_in_run(session, task_id, limit, offset)
    return FailedItemPage(
        items=[
            FailedItem(
                content_item_id=row.content_item_id,
                title=title,
                phase=row.phase,
                error=row.error,
                attempts=row.attempts,
                updated_at=row.updated_at,
            )
            for row, title in rows
        ],
        total=total,
        limit=limit,
        offset=offset,
    )
