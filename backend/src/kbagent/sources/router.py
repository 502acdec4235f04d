"""Endpoints that bring content in: file upload, URLs, and the X account connection."""

from __future__ import annotations

import contextlib
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, File, Query, UploadFile, status

from kbagent.agent import launch
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import RunConfig, RunRead
from kbagent.config import Settings
from kbagent.deps import DbDep, SettingsDep
from kbagent.errors import Duplicate
from kbagent.sources import imports, web
from kbagent.sources.schemas import (
    ImportReport,
    UrlsAdd,
    UrlsQueued,
    XAuthorization,
    XConnection,
    XStatus,
)
from kbagent.sources.twitter import oauth
from kbagent.sources.twitter.client import XClient
from kbagent.system.envelope import error_responses

router = APIRouter(tags=["sources"])

IMPORT_PATH = "/api/v1/content/import"
MULTIPART_OVERHEAD = 64 * 1024


def upload_limits(settings: Settings) -> dict[str, int]:
    """Body limits for the upload route, which takes files far larger than a JSON body."""
    return {IMPORT_PATH: settings.upload_max_bytes + MULTIPART_OVERHEAD}


@router.post("/content/import", responses=error_responses(413, 422))
async def import_upload(
    db: DbDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile,
        File(
            description="X archive zip, exporter JSON, bookmark HTML, read-later and "
            "bookmark-manager exports (Pocket, Raindrop, Instapaper, Karakeep, Linkwarden, "
            "Omnivore, Readwise), PDF, DOCX, EPUB, HTML, Markdown or text; detected by content."
        ),
    ],
) -> ImportReport:
    """Import one file; the report counts new, unchanged, updated and failed records."""
    path = await anyio.to_thread.run_sync(imports.save_upload, file.file, settings)
    try:
        return await anyio.to_thread.run_sync(
            imports.import_file, db.database, settings, path, file.filename
        )
    finally:
        path.unlink(missing_ok=True)


@router.post(
    "/content/urls", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(413, 422)
)
async def add_urls(db: DbDep, rt: RuntimeDep, settings: SettingsDep, body: UrlsAdd) -> UrlsQueued:
    """Store the URLs and start a run (`fetch_only`) that fetches their pages; URLs that can
    never be fetched (not http(s), a literal private address) are refused at once. A page
    that fails later fails its item in the run's cache phase, with the reason."""
    report = await anyio.to_thread.run_sync(web.queue_urls, db.database, settings, body.urls)
    run_id = None
    if report.new:
        with contextlib.suppress(Duplicate):  # a run is active: the next one fetches them
            run_id = (await launch.start_run(db, rt, RunConfig(mode="fetch_only"))).id
    return UrlsQueued(report=report, run_id=run_id)


@router.get("/sources/x/connection")
async def x_status(db: DbDep) -> XStatus:
    """Is an X account connected (which one), and when was its last bookmark stored."""
    return await db.read(oauth.status)


@router.get("/sources/x/authorize", responses=error_responses(422))
async def x_authorize(db: DbDep, settings: SettingsDep) -> XAuthorization:
    """Start connecting an X account: open `authorize_url` in a browser."""
    url, state = await db.write(oauth.start, settings)
    return XAuthorization(authorize_url=url, state=state)


def _finish(db: DbDep, settings: Settings, code: str, state: str) -> XConnection:
    with XClient(settings) as client:
        row = oauth.finish(db.database, settings, client, code, state)
    return XConnection(
        provider=row.provider,
        account_id=row.account_id,
        account_name=row.account_name,
        scope=row.scope,
    )


@router.get("/sources/x/callback", responses=error_responses(403, 422, 502))
async def x_callback(
    db: DbDep,
    settings: SettingsDep,
    code: Annotated[str, Query(min_length=1, max_length=2048)],
    state: Annotated[str, Query(min_length=1, max_length=64)],
) -> XConnection:
    """Where X sends the browser back: exchanges the code and stores the tokens encrypted."""
    return await anyio.to_thread.run_sync(_finish, db, settings, code, state)


@router.post(
    "/sources/x/sync", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(404, 409)
)
async def x_sync(db: DbDep, rt: RuntimeDep, full: Annotated[bool, Query()] = False) -> RunRead:
    """Fetch new bookmarks (all of them with `full=true`) as a run (`fetch_only`: bookmarks,
    then their pages and media); its fetch phase's `outcome` is the import report. X can
    make a sync wait up to 15 minutes on its rate limit, so the request never waits on it."""
    await db.read(oauth.require_connection)
    config = RunConfig(mode="fetch_only", x_full_sync=full)
    return await launch.start_run(db, rt, config)
