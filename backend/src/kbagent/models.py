"""Every ORM model, imported once so `Base.metadata` is complete (Alembic reads it)."""

from kbagent.agent.models import RunEvent, Schedule, Task
from kbagent.ai.models import AIUsage
from kbagent.audit.models import AuditEvent
from kbagent.auth.models import ApiKey, AuthSession, RefreshToken, SetupToken, User
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
from kbagent.legacy.models import LegacyRecord, LegacyRun
from kbagent.pipeline.models import ItemPhase
from kbagent.settings.models import SettingOverride, SettingsState
from kbagent.sources.feeds.models import FeedSubscription
from kbagent.sources.models import OAuthState, SourceCredential
from kbagent.system.models import HostSample

__all__ = [
    "AIUsage",
    "ApiKey",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Category",
    "ChatMessage",
    "ChatSession",
    "ContentItem",
    "Embedding",
    "FeedSubscription",
    "HostSample",
    "ItemPhase",
    "ItemVersion",
    "KnowledgeChunk",
    "KnowledgeItem",
    "LegacyRecord",
    "LegacyRun",
    "OAuthState",
    "RefreshToken",
    "RunEvent",
    "Schedule",
    "SearchState",
    "SettingOverride",
    "SettingsState",
    "SetupToken",
    "SourceCredential",
    "SynthesisDocument",
    "Task",
    "User",
]
