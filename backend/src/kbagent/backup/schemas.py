from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class BackupRead(BaseModel):
    name: str = Field(examples=["kbagent-backup-20260101T030000.000000Z.tar.gz"])
    size_bytes: int
    created_at: datetime


class BackupList(BaseModel):
    items: list[BackupRead]
    keep: int = Field(description="Newest archives kept after a scheduled backup.")
    cron: str = Field(description="When the scheduler takes one (empty: never).")


class BackupCreated(BackupRead):
    schema_revision: str
    kbagent_version: str
    files: int = Field(description="Files in the archive (database, vault, media, key file).")
    tables: dict[str, int] = Field(description="Rows per table in the snapshot.")
    seconds: float
