"""`/api/v1/knowledge/...`: items with history, the category tree, syntheses and the vault."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Header, Query, Response, status
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from kbagent.agent import launch
from kbagent.agent.launch import RuntimeDep
from kbagent.agent.schemas import RunConfig, RunRead
from kbagent.config import Settings
from kbagent.deps import Db, DbDep, SettingsDep
from kbagent.fields import MAX_INT32
from kbagent.knowledge import history, indexing, media, service, synthesis, tree, vault
from kbagent.knowledge.indexing import PreparedIndex
from kbagent.knowledge.schemas import (
    CategoryChange,
    CategoryCreate,
    CategoryMerge,
    CategoryMove,
    CategoryRead,
    CategoryRename,
    CategoryTree,
    ItemDiff,
    ItemHistory,
    ItemVersionRead,
    KnowledgeItemCreate,
    KnowledgeItemPage,
    KnowledgeItemRead,
    KnowledgeItemUpdate,
    KnowledgeListQuery,
)
from kbagent.knowledge.search.vectors import Embedder
from kbagent.knowledge.wiring import EmbedderDep
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/knowledge", tags=["knowledge"])


async def _refresh_vault(db: Db, settings: Settings, item_ids: Iterable[str] | None) -> None:
    """Keep the vault in step with a change (only the touched items unless `None`)."""
    if settings.vault_auto_sync:
        ids = None if item_ids is None else list(item_ids)
        await db.read(vault.sync, settings, ids)


async def _prepare(
    settings: Settings,
    embedder: Embedder | None,
    title: str,
    summary: str | None,
    content: str,
) -> PreparedIndex | None:
    """Embed before the write transaction (see knowledge/indexing.py)."""
    if embedder is None:
        return None
    return await anyio.to_thread.run_sync(
        indexing.prepare, title, summary, content, embedder, settings.embedding_dim
    )


async def _prepare_change(
    db: Db, settings: Settings, embedder: Embedder | None, item_id: str, changes: dict[str, Any]
) -> PreparedIndex | None:
    if embedder is None or not service.TEXT_FIELDS & changes.keys():
        return None
    current = await db.read(service.get_item, item_id)
    return await _prepare(
        settings,
        embedder,
        changes.get("display_title") or current.display_title,
        changes.get("summary", current.summary),
        changes.get("enhanced_content", current.enhanced_content) or "",
    )


@router.get("/items", responses=error_responses(422))
async def list_items(
    db: DbDep, params: Annotated[KnowledgeListQuery, Query()]
) -> KnowledgeItemPage:
    items, total = await db.read(service.list_items, params)
    return KnowledgeItemPage(
        items=[KnowledgeItemRead.model_validate(i) for i in items],
        total=total,
        limit=params.limit,
        offset=params.offset,
    )


@router.post(
    "/items", status_code=status.HTTP_201_CREATED, responses=error_responses(404, 409, 413, 422)
)
async def create_item(
    db: DbDep, settings: SettingsDep, embedder: EmbedderDep, body: KnowledgeItemCreate
) -> KnowledgeItemRead:
    prepared = await _prepare(
        settings, embedder, body.display_title, body.summary, body.enhanced_content
    )
    item = KnowledgeItemRead.model_validate(
        await db.write(service.create_item, body, settings, embedder, prepared)
    )
    await _refresh_vault(db, settings, [item.id])
    return item


@router.get("/items/{item_id}", responses=error_responses(404))
async def get_item(db: DbDep, item_id: str) -> KnowledgeItemRead:
    return KnowledgeItemRead.model_validate(await db.read(service.get_item, item_id))


@router.put("/items/{item_id}", responses=error_responses(404, 413, 422))
async def update_item(
    db: DbDep,
    settings: SettingsDep,
    embedder: EmbedderDep,
    item_id: str,
    body: KnowledgeItemUpdate,
) -> KnowledgeItemRead:
    changes = body.model_dump(exclude_unset=True)
    prepared = await _prepare_change(db, settings, embedder, item_id, changes)
    item = KnowledgeItemRead.model_validate(
        await db.write(service.update_item, item_id, body, settings, embedder, prepared)
    )
    await _refresh_vault(db, settings, [item.id])
    return item


@router.delete(
    "/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def delete_item(db: DbDep, settings: SettingsDep, item_id: str) -> Response:
    await db.write(service.delete_item, item_id)
    await _refresh_vault(db, settings, [item_id])
    return Response(status_code=status.HTTP_204_NO_CONTENT)


_IMAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file: an image inline, anything else as a download.",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in ("image/png", "image/jpeg", "image/gif", "image/webp", media.DOWNLOAD_TYPE)
        },
    },
    304: {"description": "Not modified (`If-None-Match` matched)."},
}


@router.get(
    "/items/{item_id}/media/{index}",
    response_class=Response,
    responses={**_IMAGE_RESPONSES, **error_responses(404, 422)},
)
async def item_media(
    db: DbDep,
    settings: SettingsDep,
    item_id: str,
    index: Annotated[int, PathParam(ge=0, le=MAX_INT32)],
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """One of the item's media files (`index` into `media_paths`), read only from the media
    area. Private to signed-in users; revalidated with its ETag, since an edit of the item's
    media list can give an index another file."""
    raw = await db.read(media.stored_path, item_id, index)
    found = await anyio.to_thread.run_sync(media.load, settings.data_dir, raw)
    headers = {
        "ETag": found.etag,
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if if_none_match is not None and found.etag in if_none_match:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    if not found.is_image:
        headers["Content-Disposition"] = f'attachment; filename="{item_id}-{index}"'
    return Response(found.body, media_type=found.content_type, headers=headers)


@router.get("/items/{item_id}/history", responses=error_responses(404))
async def item_history(db: DbDep, item_id: str) -> ItemHistory:
    versions = await db.read(history.history, item_id)
    return ItemHistory(versions=[ItemVersionRead.model_validate(v) for v in versions])


@router.get("/items/{item_id}/diff", responses=error_responses(404, 422))
async def item_diff(
    db: DbDep,
    item_id: str,
    from_version: Annotated[int, Query(alias="from", ge=1, le=MAX_INT32)],
    to_version: Annotated[int, Query(alias="to", ge=1, le=MAX_INT32)],
) -> ItemDiff:
    return await db.read(history.diff, item_id, from_version, to_version)


@router.post("/items/{item_id}/restore/{version}", responses=error_responses(404, 422))
async def restore_item(
    db: DbDep,
    settings: SettingsDep,
    embedder: EmbedderDep,
    item_id: str,
    version: Annotated[int, PathParam(ge=1, le=MAX_INT32)],
) -> KnowledgeItemRead:
    snapshot = (await db.read(history.get_version, item_id, version)).snapshot
    prepared = await _prepare_change(db, settings, embedder, item_id, snapshot)
    item = KnowledgeItemRead.model_validate(
        await db.write(service.restore_version, item_id, version, settings, embedder, prepared)
    )
    await _refresh_vault(db, settings, [item.id])
    return item


@router.get("/categories")
async def categories(db: DbDep) -> CategoryTree:
    return await db.read(tree.tree)


@router.post(
    "/categories", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 422)
)
async def create_category(db: DbDep, settings: SettingsDep, body: CategoryCreate) -> CategoryRead:
    category = await db.write(
        tree.create, body.main_category, body.sub_category, settings.category_similarity
    )
    return CategoryRead(main_category=category.main_category, sub_category=category.sub_category)


@router.post("/categories/rename", responses=error_responses(404, 409, 422))
async def rename_category(db: DbDep, settings: SettingsDep, body: CategoryRename) -> CategoryChange:
    change = await db.write(tree.rename, body.main_category, body.sub_category, body.new_name)
    await _refresh_vault(db, settings, None)
    return change


@router.post("/categories/merge", responses=error_responses(404, 422))
async def merge_categories(db: DbDep, settings: SettingsDep, body: CategoryMerge) -> CategoryChange:
    change = await db.write(
        tree.merge, (body.source_main, body.source_sub), (body.target_main, body.target_sub)
    )
    await _refresh_vault(db, settings, None)
    return change


@router.post("/categories/move", responses=error_responses(404, 409, 422))
async def move_category(db: DbDep, settings: SettingsDep, body: CategoryMove) -> CategoryChange:
    change = await db.write(
        tree.move,
        body.main_category,
        body.sub_category,
        body.new_main_category,
        settings.category_similarity,
    )
    await _refresh_vault(db, settings, None)
    return change


@router.get("/synthesis")
async def list_syntheses(db: DbDep, settings: SettingsDep) -> list[synthesis.SynthesisRead]:
    return await db.read(synthesis.list_syntheses, settings)


@router.post(
    "/synthesis/generate", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409)
)
async def generate_syntheses(db: DbDep, rt: RuntimeDep, force: bool = False) -> RunRead:
    """Write the missing and stale syntheses (all of them with `force=true`) as a run
    (`synthesis_only`); the synthesis phase's `outcome` lists what was regenerated."""
    config = RunConfig(mode="synthesis_only", force_phases=["synthesis"] if force else [])
    return await launch.start_run(db, rt, config)


@router.post("/vault/sync")
async def sync_vault(db: DbDep, settings: SettingsDep) -> vault.SyncReport:
    return await db.read(vault.sync, settings, None)


@router.post("/vault/git", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409))
async def git_sync_vault(db: DbDep, rt: RuntimeDep) -> RunRead:
    """Sync the vault, commit it to its Git repository and push if a remote is set, as a run
    (`git_sync`: export, then git); the git phase's `outcome` is the commit and push report."""
    return await launch.start_run(db, rt, RunConfig(mode="git_sync"))


@router.get("/vault/export", response_class=FileResponse)
async def export_vault(db: DbDep, settings: SettingsDep) -> FileResponse:
    await db.read(vault.sync, settings, None)
    folder = Path(tempfile.mkdtemp(prefix="kbagent-vault-"))
    path = await anyio.to_thread.run_sync(vault.archive, settings, folder / "vault.zip")
    return FileResponse(
        path,
        media_type="application/zip",
        filename="kbagent-vault.zip",
        background=BackgroundTask(_cleanup, folder),
    )


def _cleanup(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
