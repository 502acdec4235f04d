"""The manifest (`manifest.json`, the archive's last member): what a backup holds, with the
size and SHA-256 of every other member."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class FileEntry(BaseModel):
    path: str  # the archive member, e.g. `vault/README.md`, `database/kbagent.db`
    size: int
    sha256: str


class TableDump(BaseModel):
    """One PostgreSQL table: its columns in COPY order and the member holding its rows."""

    name: str
    columns: list[str]
    rows: int
    member: str


class DatabaseSnapshot(BaseModel):
    kind: Literal["sqlite", "postgresql"]
    # PostgreSQL: tables in dependency order (parents first), and the `vector(N)` size.
    tables: list[TableDump] = Field(default_factory=list)
    embedding_dim: int | None = None
    server_version: str | None = None


class Manifest(BaseModel):
    format: int = FORMAT
    kbagent_version: str
    schema_revision: str
    created_at: datetime
    database: DatabaseSnapshot
    tables: dict[str, int]  # rows per table, counted in the snapshot
    files: list[FileEntry]
