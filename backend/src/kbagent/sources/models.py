"""Stored source credentials (encrypted) and pending OAuth authorisations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, UTCDateTime, new_id, utcnow


class SourceCredential(Base):
    """One connected account per provider; tokens only ever stored Fernet-encrypted."""

    __tablename__ = "source_credentials"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    provider: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[str | None] = mapped_column(String(64), default=None)
    account_name: Mapped[str | None] = mapped_column(String(200), default=None)
    token_ciphertext: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(512), default="")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class OAuthState(Base):
    """An authorisation in progress: the `state` sent to the provider and its PKCE verifier."""

    __tablename__ = "oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    verifier_ciphertext: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
