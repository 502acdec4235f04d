"""The migration's request, run and verification report shapes (CLI and API share them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SAMPLE = 200  # ids listed per problem in the report (the counts are always whole)


class MigrationRequest(BaseModel):
    """Where the earlier tool's data is, on the server's disk."""

    model_config = ConfigDict(extra="forbid")

    db: str | None = Field(
        default=None,
        max_length=4096,
        description="Path of the SQLite file, or a postgresql:// or sqlite:/// URL.",
    )
    json_dir: str | None = Field(default=None, max_length=4096, description="`<project>/data`.")
    kb_dir: str | None = Field(default=None, max_length=4096, description="`kb-generated`.")
    media_root: str | None = Field(
        default=None,
        max_length=4096,
        description="What legacy media paths are relative to (the project folder); by default "
        "the folder above the database's `instance/`.",
    )
    dry_run: bool = False
    since: datetime | None = Field(
        default=None, description="Only legacy records created or changed from then on."
    )


class Counts(BaseModel):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    adopted: int = Field(default=0, description="Already in kbagent: linked, not duplicated.")


class SkippedRecord(BaseModel):
    kind: str
    key: str
    reason: str


class MissingMedia(BaseModel):
    tweet_id: str
    path: str


class MigrationReport(BaseModel):
    run_id: str | None
    dry_run: bool
    sources: dict[str, str | None]
    since: datetime | None = None
    tables_in: dict[str, int] = Field(
        default_factory=dict, description="Rows (or files) read per legacy table or file."
    )
    records_in: dict[str, int] = Field(default_factory=dict)
    out: dict[str, Counts] = Field(default_factory=dict, description="What became of them.")
    items_without_title: int = 0
    items_without_title_ids: list[str] = Field(default_factory=list)
    items_without_content: int = 0
    items_without_content_ids: list[str] = Field(default_factory=list)
    missing_media: int = 0
    missing_media_files: list[MissingMedia] = Field(default_factory=list)
    decode_repairs: dict[str, dict[str, int]] = Field(default_factory=dict)
    skipped: int = 0
    skipped_records: list[SkippedRecord] = Field(default_factory=list)
    embeddings: dict[str, Any] = Field(default_factory=dict)
    integrity: dict[str, Any] = Field(default_factory=dict)
    duration_s: float = 0.0

    def count(self, table: str, outcome: str) -> None:
        self.count_many(table, outcome, 1)

    def count_many(self, table: str, outcome: str, n: int) -> None:
        counts = self.out.setdefault(table, Counts())
        setattr(counts, outcome, getattr(counts, outcome) + n)

    def skip(self, kind: str, key: str, reason: str) -> None:
        self.skipped += 1
        if len(self.skipped_records) < SAMPLE * 5:
            self.skipped_records.append(SkippedRecord(kind=kind, key=key, reason=reason))

    def lacks_title(self, tweet_id: str) -> None:
        self.items_without_title += 1
        if len(self.items_without_title_ids) < SAMPLE:
            self.items_without_title_ids.append(tweet_id)

    def lacks_content(self, tweet_id: str) -> None:
        self.items_without_content += 1
        if len(self.items_without_content_ids) < SAMPLE:
            self.items_without_content_ids.append(tweet_id)

    def media_missing(self, tweet_id: str, path: str) -> None:
        self.missing_media += 1
        if len(self.missing_media_files) < SAMPLE * 5:
            self.missing_media_files.append(MissingMedia(tweet_id=tweet_id, path=path))


RunStatus = Literal["running", "completed", "failed", "interrupted", "rolled_back"]


class MigrationRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: RunStatus
    dry_run: bool
    options: dict[str, Any]
    progress: dict[str, Any] = Field(description="`stage`, `done` and `total` while it runs.")
    error: str | None
    started_at: datetime
    finished_at: datetime | None


class MigrationRunDetail(MigrationRunRead):
    report: MigrationReport | None


class RollbackReport(BaseModel):
    run_id: str
    deleted: dict[str, int]
    kept: dict[str, int] = Field(
        default_factory=dict, description="Rows the run had adopted or that are in use."
    )
