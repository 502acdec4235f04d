"""Sessions and messages: create, list, rename, archive and restore, delete, auto-title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from kbagent.chat import repository
from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.chat.schemas import MessageStatus, SessionCreate, SessionUpdate
from kbagent.db import utcnow
from kbagent.errors import InvalidInput, NotFound

TITLE_CHARS = 60


def auto_title(question: str) -> str:
    """The first question, on one line, cut at a word boundary."""
    line = " ".join(question.split())
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[:TITLE_CHARS].rsplit(" ", 1)[0] or line[:TITLE_CHARS]
    return cut.rstrip(",.;:") + "…"


def create_session(session: Session, data: SessionCreate) -> ChatSession:
    row = ChatSession(title=data.title, model=data.model)
    repository.add(session, row)
    return row


def get_session(session: Session, session_id: str) -> ChatSession:
    row = repository.get_session(session, session_id)
    if row is None:
        raise NotFound(f"Chat session {session_id} not found.", {"session_id": session_id})
    return row


def open_session(session: Session, session_id: str) -> ChatSession:
    """A session that may take new messages: archived ones must be restored first."""
    row = get_session(session, session_id)
    if row.is_archived:
        raise InvalidInput(
            "This chat session is archived; restore it before sending messages.",
            {"session_id": session_id, "reason": "archived"},
        )
    return row


def list_sessions(
    session: Session, archived: bool | None, limit: int, offset: int
) -> tuple[Sequence[ChatSession], int]:
    return repository.list_sessions(session, archived, limit, offset)


def update_session(session: Session, session_id: str, data: SessionUpdate) -> ChatSession:
    row = get_session(session, session_id)
    changes = data.model_dump(exclude_unset=True)
    if "title" in changes and changes["title"] is not None:
        row.title = changes["title"].strip() or row.title
    if changes.get("is_archived") is not None:
        row.is_archived = bool(changes["is_archived"])
    if "model" in changes:
        row.model = changes["model"]
    row.last_updated = utcnow()
    session.flush()
    return row


def delete_session(session: Session, session_id: str) -> None:
    row = get_session(session, session_id)
    repository.delete_messages(session, session_id)
    repository.delete(session, row)


def list_messages(session: Session, session_id: str) -> Sequence[ChatMessage]:
    get_session(session, session_id)
    return repository.messages(session, session_id)


def get_message(session: Session, message_id: str) -> ChatMessage:
    row = repository.get_message(session, message_id)
    if row is None:
        raise NotFound(f"Chat message {message_id} not found.", {"message_id": message_id})
    return row


def add_user_message(session: Session, session_id: str, content: str) -> ChatMessage:
    chat = open_session(session, session_id)
    if not chat.title:
        chat.title = auto_title(content)
    message = ChatMessage(session_id=session_id, role="user", content=content, sources=[])
    repository.add(session, message)
    chat.message_count += 1
    chat.last_updated = utcnow()
    session.flush()
    return message


def add_assistant_message(
    session: Session,
    message_id: str,
    session_id: str,
    content: str,
    *,
    status: MessageStatus,
    model: str | None,
    sources: list[dict[str, Any]],
    context_stats: dict[str, Any] | None,
    error: str | None = None,
    metrics: dict[str, Any] | None = None,
) -> ChatMessage:
    """The answer, stored once when it ends (complete, failed or cancelled)."""
    chat = get_session(session, session_id)
    message = ChatMessage(
        id=message_id,
        session_id=session_id,
        role="assistant",
        content=content,
        model_used=model,
        sources=sources,
        context_stats=context_stats,
        status=status.value,
        error=error,
        metrics=metrics,
    )
    repository.add(session, message)
    chat.message_count += 1
    chat.last_updated = utcnow()
    session.flush()
    return message


def take_for_retry(session: Session, message_id: str) -> tuple[str, str]:
    """Remove a failed or cancelled answer; (session id, the question it answered)."""
    message = get_message(session, message_id)
    if message.role != "assistant" or message.status == MessageStatus.COMPLETE:
        raise InvalidInput(
            "Only a failed or cancelled answer can be retried.",
            {"message_id": message_id, "status": message.status},
        )
    chat = open_session(session, message.session_id)
    question = None
    for row in repository.messages(session, chat.id):
        if row.id == message_id:
            break
        if row.role == "user":
            question = row.content
    if question is None:
        raise InvalidInput("No question precedes this answer.", {"message_id": message_id})
    repository.delete(session, message)
    chat.message_count = max(0, chat.message_count - 1)
    session.flush()
    return chat.id, question


def history(session: Session, session_id: str, limit: int) -> list[tuple[str, str]]:
    """(role, content) of the last complete messages, oldest first."""
    rows = repository.recent_messages(session, session_id, limit)
    return [(r.role, r.content) for r in rows if r.status == MessageStatus.COMPLETE]
