"""Endpoints that bring content in: file upload, URLs, and the X account connection."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, File, UploadFile

from kbagent.config import Settings
from kbagent.deps import DbDep, SettingsDep
from kbagent.sources import imports, web
from kbagent.sources.schemas import ImportReport, UrlsAdd
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
            description="Archive zip, exporter JSON, bookmark HTML, "
            "PDF, DOCX, HTML, Markdown or text; detected by content."
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


@router.post("/content/urls", responses=error_responses(413, 422))
async def add_urls(db: DbDep, settings: SettingsDep, body: UrlsAdd) -> ImportReport:
    """Fetch and store web pages; each URL that fails is reported with its reason."""
    return await anyio.to_thread.run_sync(web.add_urls, db.database, settings, body.urls)
