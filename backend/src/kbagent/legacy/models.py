"""What a legacy migration run did: the run, and each legacy record it brought in.

Every row a run creates is named in `legacy_records.targets`, so a run can be undone
(`service.rollback`); the record's `fingerprint` is how a later run tells an unchanged
legacy record (skipped) from a changed one (updated in place, never duplicated).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, JSONType, UTCDateTime, new_id, utcnow


class LegacyRun(Base):
    __tablename__ = "legacy_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # running -> completed | failed | interrupted (a process died) -> rolled_back
    status: Mapped[str] = mapped_column(String(16), default="running")
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    progress: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class LegacyRecord(Base):
    """One legacy record (an item by tweet id, a category, a synthesis, a chat session, a
    media file) and the kbagent rows it became."""

    __tablename__ = "legacy_records"
    __table_args__ = (
        UniqueConstraint("kind", "legacy_key"),
        Index("idx_legacy_records_run", "run_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    run_id: Mapped[str] = mapped_column(ForeignKey("legacy_runs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    legacy_key: Mapped[str] = mapped_column(String(512))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # {"content_item": id, "knowledge_item": id, ...} and "created": the ones this run made
    # (a row kbagent had already is adopted, and never deleted by a rollback).
    targets: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    updated_run_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
