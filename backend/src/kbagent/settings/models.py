"""Settings overrides: one row per setting changed through the API, and one version stamp."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, JSONType, UTCDateTime, utcnow


class SettingOverride(Base):
    """A setting's value over the environment's; a secret is sealed (`sealed`), never in
    `value`."""

    __tablename__ = "setting_overrides"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType, nullable=True, default=None)
    sealed: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100), default=None)


class SettingsState(Base):
    """One row: a version moved by every change of the overrides, which each process compares
    with the one it loaded (`kbagent.settings.live`)."""

    __tablename__ = "settings_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, server_default="0")
