"""The pipeline's own record of which item passed which phase: every query on it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kbagent.content.models import ContentItem
from kbagent.db import utcnow
from kbagent.pipeline.models import ItemPhase


def mark_item_phase(
    session: Session,
    item_id: str,
    phase: str,
    task_id: str,
    status: str,
    model: str | None,
    error: str | None,
) -> bool:
    """Insert or update the item's record for `phase`; False if it was already done."""
    row = session.get(ItemPhase, (item_id, phase), with_for_update=True)
    if row is not None and row.status == "done":
        return False
    if row is None:
        row = ItemPhase(content_item_id=item_id, phase=phase, attempts=0)
        session.add(row)
    row.status = status
    row.attempts = (row.attempts or 0) + 1
    row.model = model
    row.error = error
    row.task_id = task_id
    row.updated_at = utcnow()
    session.flush()
    return True


def item_phases(session: Session, item_id: str) -> dict[str, ItemPhase]:
    """The item's record per phase it has passed, failed or been skipped in."""
    rows = session.scalars(select(ItemPhase).where(ItemPhase.content_item_id == item_id))
    return {row.phase: row for row in rows}


def forget_item_phases(session: Session, item_id: str, phases: Sequence[str]) -> int:
    """Drop the item's records of `phases`, so the next run does them again."""
    query = delete(ItemPhase).where(
        ItemPhase.content_item_id == item_id, ItemPhase.phase.in_(list(phases))
    )
    return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]


def failed_in_run(
    session: Session, task_id: str, limit: int, offset: int
) -> tuple[list[tuple[ItemPhase, str]], int]:
    """The records of the items that failed in one run (with each item's title), newest
    first, and how many there are."""
    where = (ItemPhase.task_id == task_id, ItemPhase.status == "failed")
    total = session.scalar(select(func.count()).select_from(ItemPhase).where(*where)) or 0
    rows = session.execute(
        select(ItemPhase, ContentItem.title)
        .join(ContentItem, ContentItem.id == ItemPhase.content_item_id)
        .where(*where)
        .order_by(ItemPhase.updated_at.desc(), ItemPhase.content_item_id)
        .limit(limit)
        .offset(offset)
    )
    return [(row[0], row[1]) for row in rows], int(total)
