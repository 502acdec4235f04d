from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, UTCDateTime, new_id, utcnow


class AIUsage(Base):
    """One model call: who made it, for which run and phase, what it cost."""

    __tablename__ = "ai_usage"
    __table_args__ = (
        Index("idx_ai_usage_run_phase", "run_id", "phase"),
        Index("idx_ai_usage_created", "created_at"),
        Index("idx_ai_usage_item", "item_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    run_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # The item a pipeline step made the call for (None: chat, synthesis, tests of a backend).
    item_id: Mapped[str | None] = mapped_column(String(32), default=None)
    phase: Mapped[str] = mapped_column(String(32))
    operation: Mapped[str] = mapped_column(String(16))  # chat, stream, embed, structured
    model: Mapped[str] = mapped_column(String(255))  # "backend:model"
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    cost_usd: Mapped[float | None] = mapped_column(Float, default=None)
    success: Mapped[bool] = mapped_column(Boolean, default=True)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
