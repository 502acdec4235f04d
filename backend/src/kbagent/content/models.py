from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, JSONType, UTCDateTime, new_id, utcnow

CHANGED = "changed"


class ContentItem(Base):
    __tablename__ = "content_items"
    __table_args__ = (
        UniqueConstraint("source_type", "source_id"),
        Index("idx_content_items_category", "main_category", "sub_category"),
        Index("idx_content_items_processing", "processing_state"),
        Index("idx_content_items_created", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(String(1024))
    content: Mapped[str] = mapped_column(Text)
    raw_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    # sha256 over what a source delivered; re-imports compare it to tell unchanged from updated.
    content_hash: Mapped[str | None] = mapped_column(String(64), default=None)

    # pending (new) -> processed; `changed` when the source changed after processing: the next
    # run forgets what it had done for the item (agent/service.py) and processes it again.
    processing_state: Mapped[str] = mapped_column(String(32), default="pending")

    main_category: Mapped[str | None] = mapped_column(String(100), default=None)
    sub_category: Mapped[str | None] = mapped_column(String(100), default=None)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)

    media_files: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # The source delivered a cut text (X's "RT @user: ..."); a richer source completes it.
    truncated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
