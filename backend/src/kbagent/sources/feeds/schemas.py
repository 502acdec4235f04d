from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kbagent.sources.schemas import ImportReport, Url

FeedStatus = Literal["pending", "ok", "not_modified", "failed"]


class FeedAdd(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    url: Url = Field(description="The feed's own URL (RSS or Atom), http or https.")


class FeedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    url: str
    title: str | None
    site_url: str | None
    status: FeedStatus = Field(
        description="How the last refresh went: `pending` (never fetched), `ok`, "
        "`not_modified` (the server answered 304) or `failed` (see `error`)."
    )
    error: str | None
    items_added: int = Field(description="Items this feed has brought in so far.")
    etag: str | None
    last_modified: str | None
    checked_at: datetime | None
    created_at: datetime


class FeedRefreshed(BaseModel):
    """One feed fetched: its entries stored as items (known ones left as they are), and the
    run that fetches the new items' pages."""

    feed: FeedRead
    not_modified: bool = Field(description="The server answered 304: nothing was read.")
    report: ImportReport
    run_id: str | None = Field(
        default=None,
        description="The fetch_only run started to fetch the new entries' pages; null when "
        "nothing is new or a run was already active (the next run fetches them).",
    )


class FeedList(BaseModel):
    items: list[FeedRead]


class OpmlImported(BaseModel):
    """Subscriptions an OPML file added (new), already had (unchanged) or refused (failed);
    the run started to fetch the new ones."""

    report: ImportReport
    run_id: str | None = None
