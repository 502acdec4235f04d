"""Legacy chat sessions and their messages, with sources and context statistics in
kbagent's shapes (the legacy ones are kept under `metrics.legacy`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kbagent.chat import repository as chat_repository
from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.legacy.records import LegacyChat, LegacyMessage


def _sources(message: LegacyMessage, titles: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for number, source in enumerate(message.sources, 1):
        title = str(source.get("title") or "")
        kind = "synthesis" if source.get("type") == "synthesis" else "item"
        found.append(
            {
                "number": number,
                "kind": kind,
                "id": titles.get(title, ""),
                "title": title or f"Source {number}",
                "url": None,
                "snippet": "",
                "category": source.get("category")
                if isinstance(source.get("category"), str)
                else None,
                "cited": False,
            }
        )
    return found


def _count(value: Any) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, list) else 0


def _context(message: LegacyMessage) -> dict[str, Any] | None:
    stats = message.context_stats
    if not stats:
        return None
    covered = stats.get("categories_covered")
    return {
        "found": _count(stats.get("total_sources")) > 0 or bool(message.sources),
        "query": "",
        "items": _count(stats.get("kb_items")),
        "syntheses": _count(stats.get("synthesis_docs")),
        "categories": [c for c in covered if isinstance(c, str)]
        if isinstance(covered, list)
        else [],
        "context_tokens": 0,
        "token_budget": 0,
        "trimmed": False,
    }


def _message(session_id: str, message: LegacyMessage, titles: dict[str, str]) -> ChatMessage:
    row = ChatMessage(
        session_id=session_id,
        role=message.role,
        content=message.content,
        model_used=message.model_used,
        sources=_sources(message, titles),
        context_stats=_context(message),
        status="complete",
        metrics={
            "legacy": {"performance": message.metrics, "context_stats": message.context_stats}
        },
    )
    if message.created_at is not None:
        row.created_at = message.created_at
    return row


def write_chat(
    session: Session, chat: LegacyChat, titles: dict[str, str], previous: str | None
) -> tuple[str, str]:
    """The session's id and `new` or `updated` (its messages are replaced as a whole)."""
    row = chat_repository.get_session(session, previous) if previous else None
    outcome = "updated"
    if row is None:
        row = ChatSession()
        outcome = "new"
    row.title = chat.title or (chat.messages[0].content[:80] if chat.messages else None)
    row.is_archived = chat.is_archived
    row.message_count = len(chat.messages)
    row.model = next((m.model_used for m in chat.messages if m.model_used), None)
    if chat.created_at is not None:
        row.created_at = chat.created_at
    if outcome == "new":
        chat_repository.add(session, row)
    else:
        chat_repository.delete_messages(session, row.id)
    for message in chat.messages:
        session.add(_message(row.id, message, titles))
    if chat.updated_at is not None:
        row.last_updated = chat.updated_at
    session.flush()
    return row.id, outcome
