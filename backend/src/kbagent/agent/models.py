from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, JSONType, UTCDateTime, new_id, utcnow


class Task(Base):
    """One agent run. This row is the only record of the run's state (no second store)."""

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
    # Liveness: workers touch this while they make progress; a stale one means a dead worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Per phase: {"total", "done", "failed", "started_at", "finished_at"}.
    phase_stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    @property
    def config_plan(self) -> list[str]:
        plan: list[str] = (self.config or {}).get("plan", [])
        return plan


class RunEvent(Base):
    """Structured log lines and progress events, persisted so they survive restarts."""

    __tablename__ = "run_events"
    __table_args__ = (
        Index("idx_run_events_task", "task_id", "id"),
        Index("idx_run_events_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str | None] = mapped_column(String(32), default=None)
    ts: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    level: Mapped[str] = mapped_column(String(10), default="INFO")
    type: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class Schedule(Base):
    __tablename__ = "schedules"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    cron: Mapped[str] = mapped_column(String(100))
    config: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_task_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
