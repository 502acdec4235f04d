"""A subscription to one RSS or Atom feed, with what its last conditional GET returned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, UTCDateTime, new_id, utcnow


class FeedSubscription(Base):
    __tablename__ = "feed_subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500), default=None)
    site_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    # The validators of the last full answer, sent back as If-None-Match / If-Modified-Since.
    etag: Mapped[str | None] = mapped_column(String(512), default=None)
    last_modified: Mapped[str | None] = mapped_column(String(100), default=None)
    # pending (never fetched), ok, not_modified (the last answer was a 304) or failed.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    items_added: Mapped[int] = mapped_column(Integer, default=0)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
