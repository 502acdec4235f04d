"""Every ORM model, imported once so `Base.metadata` is complete (Alembic reads it)."""

from kbagent.agent.models import RunEvent, Schedule, Task
from kbagent.ai.models import AIUsage
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
from kbagent.pipeline.models import ItemPhase
from kbagent.sources.models import OAuthState, SourceCredential

__all__ = [
    "AIUsage",
    "Base",
    "Category",
    "ChatMessage",
    "ChatSession",
    "ContentItem",
    "Embedding",
    "ItemPhase",
    "ItemVersion",
    "KnowledgeChunk",
    "KnowledgeItem",
    "OAuthState",
    "RunEvent",
    "Schedule",
    "SearchState",
    "SourceCredential",
    "SynthesisDocument",
    "Task",
]
