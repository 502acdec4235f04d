"""/api/v1/sources/feeds: subscribe, list, refresh, unsubscribe, OPML in and out.

Fetching a feed is one short GET, done in the request; fetching the pages of its new entries
is a run's work (`fetch_only`, whose cache phase reads them), started here and returned as
`run_id`. Refreshing every feed is a run too (its fetch phase), like an X sync.
"""

from __future__ import annotations

import contextlib
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, File, Response, UploadFile, status

from kbagent.agent import launch
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import RunConfig, RunRead
from kbagent.deps import DbDep, SettingsDep
from kbagent.errors import Duplicate, PayloadTooLarge
from kbagent.sources.feeds import opml, service
from kbagent.sources.feeds.schemas import (
    FeedAdd,
    FeedList,
    FeedRead,
    FeedRefreshed,
    OpmlImported,
)
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/sources/feeds", tags=["sources"])


async def _pages_run(db: DbDep, rt: RuntimeDep, new: int, refresh_feeds: bool) -> str | None:
    """Start the run that fetches new entries' pages (None when nothing is new or a run is
    active already: that one, or the next, fetches them)."""
    if not new:
        return None
    with contextlib.suppress(Duplicate):
        config = RunConfig(mode="fetch_only", refresh_feeds=refresh_feeds)
        return (await launch.start_run(db, rt, config)).id
    return None


async def _refreshed(db: DbDep, rt: RuntimeDep, done: service.Refreshed) -> FeedRefreshed:
    feed = await db.read(service.get_feed, done.feed_id)
    return FeedRefreshed(
        feed=FeedRead.model_validate(feed),
        not_modified=done.not_modified,
        report=done.report,
        run_id=await _pages_run(db, rt, done.report.new, refresh_feeds=False),
    )


@router.get("")
async def list_feeds(db: DbDep) -> FeedList:
    """Every subscription and how its last refresh went."""
    feeds = await db.read(service.list_feeds)
    return FeedList(items=[FeedRead.model_validate(f) for f in feeds])


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 413, 422, 502))
async def subscribe(
    db: DbDep, rt: RuntimeDep, settings: SettingsDep, body: FeedAdd
) -> FeedRefreshed:
    """Subscribe to an RSS or Atom feed: it is fetched now (it must be a feed, on a public
    address), its entries become items, and a run fetches their pages."""
    done = await anyio.to_thread.run_sync(service.subscribe, db.database, settings, body.url)
    return await _refreshed(db, rt, done)


@router.get(
    "/opml",
    response_class=Response,
    responses={200: {"content": {opml.MEDIA_TYPE: {}}, "description": "An OPML 2.0 file."}},
)
async def export_opml(db: DbDep) -> Response:
    """Every subscription as an OPML file, for any feed reader."""
    body = await db.read(service.export_opml)
    disposition = 'attachment; filename="kbagent-feeds.opml"'
    return Response(body, media_type=opml.MEDIA_TYPE, headers={"content-disposition": disposition})


@router.post("/opml", responses=error_responses(409, 413, 422))
async def import_opml(
    db: DbDep,
    rt: RuntimeDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="An OPML file (a feed reader's export).")],
) -> OpmlImported:
    """Subscribe to every feed of an OPML file; feeds already subscribed are unchanged. A run
    fetches the new feeds and their entries' pages."""
    body = await file.read(opml.MAX_BYTES + 1)
    if len(body) > opml.MAX_BYTES:
        raise PayloadTooLarge(
            f"An OPML file is at most {opml.MAX_BYTES} bytes.", {"limit_bytes": opml.MAX_BYTES}
        )
    report = await anyio.to_thread.run_sync(service.import_opml, db.database, settings, body)
    return OpmlImported(report=report, run_id=await _pages_run(db, rt, report.new, True))


@router.post("/refresh", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409))
async def refresh_all(db: DbDep, rt: RuntimeDep) -> RunRead:
    """Refresh every feed as a run (`fetch_only`): its fetch phase reads the feeds (its
    `outcome` counts them) and its cache phase the new entries' pages. Schedules refresh
    feeds the same way: every run's fetch phase does, unless `refresh_feeds` is false."""
    return await launch.start_run(db, rt, RunConfig(mode="fetch_only"))


@router.post("/{feed_id}/refresh", responses=error_responses(404, 413, 422, 502))
async def refresh_one(
    db: DbDep, rt: RuntimeDep, settings: SettingsDep, feed_id: str
) -> FeedRefreshed:
    """Fetch one feed now (a conditional GET: `not_modified` when the server answered 304)."""
    done = await anyio.to_thread.run_sync(service.refresh_one, db.database, settings, feed_id)
    return await _refreshed(db, rt, done)


@router.delete("/{feed_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404))
async def unsubscribe(db: DbDep, feed_id: str) -> None:
    """Unsubscribe; the items the feed brought in stay."""
    await db.write(service.delete_feed, feed_id)
