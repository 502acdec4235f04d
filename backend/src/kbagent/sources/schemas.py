from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048)]


class ImportFailure(BaseModel):
    ref: str = Field(description="Which record failed: an id, a URL or a position in the file.")
    reason: str


class ImportReport(BaseModel):
    """What an import did: every record is counted exactly once."""

    format: str | None = None
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    skipped: int = Field(
        default=0, description="Records that are not items (a browser's smart folders)."
    )
    failures: list[ImportFailure] = Field(default_factory=list)
    item_ids: list[str] = Field(
        default_factory=list, description="Ids of new and updated items (the first 1000)."
    )

    def fail(self, ref: str, reason: str) -> None:
        self.failed += 1
        # Capped so a file of a million broken records cannot make a million-entry response.
        if len(self.failures) < 1000:
            self.failures.append(ImportFailure(ref=ref, reason=reason))

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.unchanged} unchanged, "
            f"{self.updated} updated, {self.failed} failed"
            + (f", {self.skipped} skipped" if self.skipped else "")
        )


class UrlsAdd(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    urls: list[Url] = Field(min_length=1, max_length=100)


class UrlsQueued(BaseModel):
    """URLs stored as items awaiting their pages, and the run that fetches them."""

    report: ImportReport
    run_id: str | None = Field(
        description="The fetch_only run started for them; null when a run was already active "
        "(the next run fetches them)."
    )


class XAuthorization(BaseModel):
    authorize_url: str
    state: str


class XConnection(BaseModel):
    provider: str
    account_id: str | None
    account_name: str | None
    scope: str


class XStatus(BaseModel):
    """Whether an X account is connected, which, and when its last bookmark was stored."""

    connected: bool
    account_id: str | None = None
    account_name: str | None = None
    scope: str | None = None
    connected_at: datetime | None = None
    last_sync_at: datetime | None = Field(
        default=None, description="When the newest bookmark from X was stored (null: none yet)."
    )
