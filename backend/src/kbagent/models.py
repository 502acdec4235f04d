"""Every ORM model, imported once so `Base.metadata` is complete (Alembic reads it)."""

from kbagent.agent.models import Task
from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.content.models import ContentItem
from kbagent.db import Base
from kbagent.knowledge.models import (
    Category,
    Embedding,
    ItemVersion,
    KnowledgeChunk,
    KnowledgeItem,
    SearchState,
    SynthesisDocument,
)

__all__ = [
    "Base",
    "Category",
    "ChatMessage",
    "ChatSession",
    "ContentItem",
    "Embedding",
    "ItemVersion",
    "KnowledgeChunk",
    "KnowledgeItem",
    "SearchState",
    "SynthesisDocument",
    "Task",
]
