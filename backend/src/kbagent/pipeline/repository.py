"""The pipeline's own record of which item passed which phase: every query on it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

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


def item_phase_recorded(session: Session, item_id: str, phase: str) -> bool:
    """Whether the item has a record for `phase` (done, failed or skipped): not pending."""
    return session.get(ItemPhase, (item_id, phase)) is not None


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
