"""`/settings`: the settings in force, changed by an admin without a restart (admin only, see
`auth/policy.py`)."""

from __future__ import annotations

from functools import partial

import anyio.to_thread
from fastapi import APIRouter, Request

from kbagent.deps import DbDep, SettingsDep
from kbagent.settings import service
from kbagent.settings.connection import BackendName, try_backend
from kbagent.settings.live import LiveSettings
from kbagent.settings.schemas import ConnectionRequest, ConnectionTest, SettingsRead, SettingsUpdate
from kbagent.system.envelope import error_responses

router = APIRouter(prefix="/settings", tags=["settings"])


def _live(request: Request) -> LiveSettings:
    live: LiveSettings = request.app.state.live_settings
    return live


@router.get("")
async def read_settings(request: Request, db: DbDep) -> SettingsRead:
    """Every setting an admin may change: its value in force (secrets masked), and whether it
    comes from the database, the environment or the default."""
    return await db.read(service.read, _live(request).base)


@router.put("", responses=error_responses(422))
async def update_settings(request: Request, db: DbDep, body: SettingsUpdate) -> SettingsRead:
    """Change settings: fields left out keep their values, `reset` returns settings to the
    environment's. In force at once in this process and within seconds in every other API
    process and worker. A refused value is a 422 naming the setting; nothing is changed."""
    live = _live(request)
    result = await db.write(service.update, live.base, body)
    await anyio.to_thread.run_sync(partial(live.refresh, force=True))
    return result


@router.post("/backends/{backend}/test", responses=error_responses(422))
async def check_backend(
    settings: SettingsDep, backend: BackendName, body: ConnectionRequest | None = None
) -> ConnectionTest:
    """List a backend's models and capabilities, with the settings in force or with values
    sent here (not saved), e.g. a new URL and key before saving them."""
    proposed = body or ConnectionRequest()
    return await anyio.to_thread.run_sync(try_backend, settings, backend, proposed)
