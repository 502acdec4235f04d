"""Every ORM model, imported once so `Base.metadata` is complete (Alembic reads it)."""

from kbagent.agent.models import Task
from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.content.models import ContentItem
from kbagent.db import Base
from kbagent.knowledge.models import Embedding, KnowledgeItem, SynthesisDocument
from kbagent.sources.models import OAuthState, SourceCredential

__all__ = [
    "Base",
    "ChatMessage",
    "ChatSession",
    "ContentItem",
    "Embedding",
    "KnowledgeItem",
    "OAuthState",
    "SourceCredential",
    "SynthesisDocument",
    "Task",
]
