"""Every query on the settings tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kbagent.settings.models import SettingOverride, SettingsState


def version(session: Session) -> int:
    return int(session.scalar(select(SettingsState.version).where(SettingsState.id == 1)) or 0)


def bump(session: Session) -> int:
    """Move the version (on PostgreSQL, the row lock orders concurrent changes)."""
    session.execute(
        update(SettingsState).where(SettingsState.id == 1).values(version=SettingsState.version + 1)
    )
    return version(session)


def overrides(session: Session) -> list[SettingOverride]:
    return list(session.scalars(select(SettingOverride).order_by(SettingOverride.name)))


def put(
    session: Session, name: str, *, value: Any = None, sealed: str | None = None, by: str | None
) -> None:
    row = session.get(SettingOverride, name)
    if row is None:
        session.add(SettingOverride(name=name, value=value, sealed=sealed, updated_by=by))
        return
    row.value, row.sealed, row.updated_by = value, sealed, by


def delete(session: Session, name: str) -> bool:
    row = session.get(SettingOverride, name)
    if row is None:
        return False
    session.delete(row)
    return True
