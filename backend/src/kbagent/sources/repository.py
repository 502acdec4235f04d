"""Every query of the sources domain lives here."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from kbagent.content.models import ContentItem
from kbagent.sources.models import OAuthState, SourceCredential


def items_by_source(
    session: Session, source_type: str, source_ids: Collection[str]
) -> dict[str, ContentItem]:
    if not source_ids:
        return {}
    rows = session.scalars(
        select(ContentItem).where(
            ContentItem.source_type == source_type, ContentItem.source_id.in_(source_ids)
        )
    )
    return {row.source_id: row for row in rows}


def stored_source_ids(session: Session, keys: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
    if not keys:
        return set()
    rows = session.execute(
        select(ContentItem.source_type, ContentItem.source_id).where(
            tuple_(ContentItem.source_type, ContentItem.source_id).in_(list(keys))
        )
    )
    return {(row[0], row[1]) for row in rows}


def add_item(session: Session, item: ContentItem) -> None:
    session.add(item)


def credential(session: Session, provider: str) -> SourceCredential | None:
    return session.scalars(
        select(SourceCredential).where(SourceCredential.provider == provider)
    ).first()


def save_credential(session: Session, credential_: SourceCredential) -> None:
    session.add(credential_)
    session.flush()


def add_state(session: Session, state: OAuthState) -> None:
    session.add(state)
    session.flush()


def pop_state(session: Session, state: str, provider: str) -> OAuthState | None:
    row = session.get(OAuthState, state)
    if row is None or row.provider != provider:
        return None
    session.delete(row)
    session.flush()
    return row


def delete_states_before(session: Session, cutoff: datetime) -> None:
    session.execute(delete(OAuthState).where(OAuthState.created_at < cutoff))


def latest_item_at(session: Session, source_type: str) -> datetime | None:
    """When the newest content item of `source_type` was stored (None: none yet)."""
    return session.scalar(
        select(func.max(ContentItem.created_at)).where(ContentItem.source_type == source_type)
    )
