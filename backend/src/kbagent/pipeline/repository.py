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


def recorded_items(session: Session, phase: str, item_ids: Sequence[str]) -> set[str]:
    """Which of the items have a record for `phase` (done, failed or skipped): not pending."""
    if not item_ids:
        return set()
    query = select(ItemPhase.content_item_id).where(
        ItemPhase.phase == phase, ItemPhase.content_item_id.in_(item_ids)
    )
    return set(session.scalars(query))


def record_new_item_done(
    session: Session, item_id: str, phases: Sequence[str], task_id: str, model: str | None
) -> None:
    """Record `phases` done for an item just created (it has no records yet): an import of
    items whose work another tool did already."""
    session.add_all(
        ItemPhase(
            content_item_id=item_id, phase=phase, status="done", attempts=1, model=model,
            task_id=task_id,
        )
        for phase in phases
    )  # fmt: skip


def mark_item_phases(
    session: Session,
    phase: str,
    task_id: str,
    outcomes: Sequence[tuple[str, str, str | None, str | None]],
) -> set[str]:
    """`mark_item_phase` for many items at once: (item id, status, model, error) each; the
    ids marked now (not those done already). One read of their rows, one flush."""
    if not outcomes:
        return set()
    ids = list({item_id for item_id, *_ in outcomes})
    query = (
        select(ItemPhase)
        .where(ItemPhase.phase == phase, ItemPhase.content_item_id.in_(ids))
        .with_for_update()
    )
    rows = {row.content_item_id: row for row in session.scalars(query)}
    marked: set[str] = set()
    now = utcnow()
    for item_id, status, model, error in outcomes:
        row = rows.get(item_id)
        if row is not None and row.status == "done":
            continue
        if row is None:
            row = rows[item_id] = ItemPhase(content_item_id=item_id, phase=phase, attempts=0)
            session.add(row)
        row.status = status
        row.attempts = (row.attempts or 0) + 1
        row.model = model
        row.error = error
        row.task_id = task_id
        row.updated_at = now
        marked.add(item_id)
    session.flush()
    return marked


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
