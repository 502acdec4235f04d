"""Chat requests, sessions, messages and the events a streamed answer emits."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE_CHARS = 20_000
ModelName = Field(default=None, max_length=200, pattern=r"^[\w.\-]+:[\w.:/\-]+$")


class MessageStatus(StrEnum):
    COMPLETE = "complete"
    FAILED = "failed"
    CANCELLED = "cancelled"


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=1024)
    model: str | None = ModelName


class SessionUpdate(BaseModel):
    """Rename, archive or restore (`is_archived`), or change the session's model."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=1024)
    is_archived: bool | None = None
    model: str | None = ModelName


class SessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str | None
    message_count: int
    is_archived: bool
    model: str | None
    created_at: datetime
    last_updated: datetime


class SessionPage(BaseModel):
    items: list[SessionRead]
    total: int
    limit: int
    offset: int


class Source(BaseModel):
    """A numbered source offered to the model; `[number]` in an answer cites it."""

    number: int
    kind: Literal["item", "synthesis"]
    id: str
    title: str
    url: str | None
    snippet: str
    category: str | None
    cited: bool = False


class ContextStats(BaseModel):
    found: bool
    query: str = Field(description="The retrieval query (a follow-up rewritten with history).")
    items: int
    syntheses: int
    categories: list[str]
    context_tokens: int
    token_budget: int
    trimmed: bool


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: str = Field(max_length=MAX_MESSAGE_CHARS)
    model: str | None = ModelName

    @field_validator("content")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The message is empty.")
        return value.strip()


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    session_id: str
    role: str
    content: str
    model_used: str | None
    sources: list[Source]
    context_stats: ContextStats | None
    status: MessageStatus
    error: str | None
    metrics: dict[str, Any] | None
    created_at: datetime


class ChatReply(BaseModel):
    user_message: MessageRead
    message: MessageRead
