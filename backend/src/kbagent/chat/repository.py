"""Every chat query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.knowledge.models import KnowledgeChunk, KnowledgeItem, SynthesisDocument


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def get_session(session: Session, session_id: str) -> ChatSession | None:
    return session.get(ChatSession, session_id)


def list_sessions(
    session: Session, archived: bool | None, limit: int, offset: int
) -> tuple[Sequence[ChatSession], int]:
    query = select(ChatSession)
    if archived is not None:
        query = query.where(ChatSession.is_archived.is_(archived))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ChatSession.last_updated.desc(), ChatSession.id).limit(limit).offset(offset)
    ).all()
    return rows, total


def delete(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def get_message(session: Session, message_id: str) -> ChatMessage | None:
    return session.get(ChatMessage, message_id)


def messages(session: Session, session_id: str) -> Sequence[ChatMessage]:
    return session.scalars(
        select(ChatMessage)
        .where(ChatMessage.session_id == session_id)
        .order_by(ChatMessage.created_at, ChatMessage.id)
    ).all()


def recent_messages(session: Session, session_id: str, limit: int) -> list[ChatMessage]:
    rows = session.scalars(
        select(ChatMessage)
        .where(ChatMessage.session_id == session_id)
        .order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


def delete_messages(session: Session, session_id: str) -> None:
    for row in messages(session, session_id):
        session.delete(row)
    session.flush()


def syntheses(session: Session) -> Sequence[SynthesisDocument]:
    """All syntheses: one per category, so a few hundred at most."""
    return session.scalars(select(SynthesisDocument)).all()


def knowledge_items(session: Session, ids: list[str]) -> Sequence[KnowledgeItem]:
    return session.scalars(select(KnowledgeItem).where(KnowledgeItem.id.in_(ids))).all()


def chunk_texts(session: Session, ids: list[str]) -> list[tuple[str, int, str]]:
    """(item id, chunk index, text) of every chunk of the given items."""
    rows = session.execute(
        select(
            KnowledgeChunk.knowledge_item_id, KnowledgeChunk.chunk_index, KnowledgeChunk.text
        ).where(KnowledgeChunk.knowledge_item_id.in_(ids))
    )
    return [(r[0], int(r[1]), r[2]) for r in rows]
