from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, JSONType, UTCDateTime, new_id, utcnow


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("idx_tasks_status", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    task_type: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), default="pending")
    config: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    current_phase: Mapped[str | None] = mapped_column(String(64), default=None)
    progress_percentage: Mapped[int] = mapped_column(Integer, default=0)
    result_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
