"""Every query on content_items lives here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kbagent.content.models import ContentItem
from kbagent.content.schemas import ContentListQuery


def list_items(session: Session, params: ContentListQuery) -> tuple[Sequence[ContentItem], int]:
    conditions = [getattr(ContentItem, f) == v for f, v in params.filters().items()]
    total = session.scalar(select(func.count()).select_from(ContentItem).where(*conditions))
    rows = session.scalars(
        select(ContentItem)
        .where(*conditions)
        .order_by(ContentItem.created_at.desc(), ContentItem.id)
        .limit(params.limit)
        .offset(params.offset)
    )
    return rows.all(), int(total or 0)


def get(session: Session, item_id: str) -> ContentItem | None:
    return session.get(ContentItem, item_id)


def get_by_source(session: Session, source_type: str, source_id: str) -> ContentItem | None:
    result = session.scalars(
        select(ContentItem).where(
            ContentItem.source_type == source_type, ContentItem.source_id == source_id
        )
    )
    return result.first()


def add(session: Session, item: ContentItem) -> None:
    session.add(item)
    session.flush()


def delete(session: Session, item: ContentItem) -> None:
    session.delete(item)
    session.flush()


def items_by_state(session: Session) -> dict[str, int]:
    query = select(ContentItem.processing_state, func.count()).group_by(
        ContentItem.processing_state
    )
    return {str(state): int(count) for state, count in session.execute(query)}
