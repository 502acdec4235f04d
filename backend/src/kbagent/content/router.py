from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from kbagent.content import service
from kbagent.content.schemas import (
    ContentItemCreate,
    ContentItemPage,
    ContentItemRead,
    ContentItemUpdate,
    ContentListQuery,
)
from kbagent.deps import DbDep, SettingsDep
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/content", tags=["content"])


@router.get("/items", responses=error_responses(422))
async def list_items(db: DbDep, params: Annotated[ContentListQuery, Query()]) -> ContentItemPage:
    items, total = await db.read(service.list_items, params)
    return ContentItemPage(
        items=[ContentItemRead.model_validate(i) for i in items],
        total=total,
        limit=params.limit,
        offset=params.offset,
    )


@router.post(
    "/items", status_code=status.HTTP_201_CREATED, responses=error_responses(409, 413, 422)
)
async def create_item(db: DbDep, settings: SettingsDep, body: ContentItemCreate) -> ContentItemRead:
    item = await db.write(service.create_item, body, settings.data_dir)
    return ContentItemRead.model_validate(item)


@router.get("/items/{item_id}", responses=error_responses(404))
async def get_item(db: DbDep, item_id: str) -> ContentItemRead:
    return ContentItemRead.model_validate(await db.read(service.get_item, item_id))


@router.put("/items/{item_id}", responses=error_responses(404, 413, 422))
async def update_item(
    db: DbDep, settings: SettingsDep, item_id: str, body: ContentItemUpdate
) -> ContentItemRead:
    item = await db.write(service.update_item, item_id, body, settings.data_dir)
    return ContentItemRead.model_validate(item)


@router.delete(
    "/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404)
)
async def delete_item(db: DbDep, item_id: str) -> Response:
    await db.write(service.delete_item, item_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
