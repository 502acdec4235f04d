"""Which phases each item has passed: the pipeline's own record, read by runs for progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, UTCDateTime, utcnow


class ItemPhase(Base):
    """That an item passed (or failed) a phase; re-runs do only what is missing."""

    __tablename__ = "item_phases"
    __table_args__ = (
        Index("idx_item_phases_phase_status", "phase", "status"),
        # Run status counts group one run's rows by phase and status.
        Index("idx_item_phases_task", "task_id", "phase", "status"),
    )

    content_item_id: Mapped[str] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    model: Mapped[str | None] = mapped_column(String(200), default=None)
    task_id: Mapped[str | None] = mapped_column(String(32), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
