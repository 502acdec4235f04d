"""Every write of the pipeline's own record of which item passed which phase."""

from __future__ import annotations

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
