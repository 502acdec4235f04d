"""`/api/v1/system/backups`: take, list, download and delete backups (admins only).

Restoring is not offered here: it replaces the database and data directory under the server
that would answer the request, so it is `kbagent restore` with the server and workers stopped.
"""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Response, status
from fastapi.responses import FileResponse

from kbagent.backup import store
from kbagent.backup.archive import create_backup
from kbagent.backup.schemas import BackupCreated, BackupList, BackupRead
from kbagent.deps import SettingsDep
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/system/backups", tags=["system"])
BackupName = Annotated[
    str, Path(max_length=200, examples=["kbagent-backup-20260101T030000.000000Z.tar.gz"])
]


def _read(found: store.StoredBackup) -> BackupRead:
    return BackupRead(name=found.name, size_bytes=found.size_bytes, created_at=found.created_at)


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(422, 503))
async def create(settings: SettingsDep) -> BackupCreated:
    """Take a backup now into the backup folder (a consistent snapshot, safe during runs);
    answers when the archive is complete."""
    result = await anyio.to_thread.run_sync(create_backup, settings, None)
    manifest = result.manifest
    found = store.get_backup(settings, result.path.name)
    return BackupCreated(
        **_read(found).model_dump(),
        schema_revision=manifest.schema_revision,
        kbagent_version=manifest.kbagent_version,
        files=len(manifest.files),
        tables=manifest.tables,
        seconds=round(result.seconds, 3),
    )


@router.get("")
async def list_all(settings: SettingsDep) -> BackupList:
    """The backup folder's archives, newest first."""
    found = await anyio.to_thread.run_sync(store.list_backups, settings)
    return BackupList(
        items=[_read(b) for b in found], keep=settings.backup_keep, cron=settings.backup_cron
    )


@router.get(
    "/{name}",
    response_class=FileResponse,
    responses={200: {"content": {"application/gzip": {}}}, **error_responses(404)},
)
async def download(settings: SettingsDep, name: BackupName) -> FileResponse:
    """The archive itself, streamed (restore it with `kbagent restore`)."""
    found = store.get_backup(settings, name)
    return FileResponse(found.path, media_type="application/gzip", filename=found.name)


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404))
async def delete(settings: SettingsDep, name: BackupName) -> Response:
    await anyio.to_thread.run_sync(store.delete_backup, settings, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
