from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Query, Request

from kbagent.ai import profile, repository
from kbagent.ai.registry import catalogue
from kbagent.ai.routing import AI
from kbagent.ai.schemas import ModelCatalogue, UsageTotals
from kbagent.deps import DbDep, SettingsDep

router = APIRouter()


def _ai(request: Request) -> AI:
    ai: AI = request.app.state.runtime.ai  # the AI of the settings in force
    return ai


@router.get("/system/models", tags=["system"])
async def list_models(request: Request, settings: SettingsDep) -> ModelCatalogue:
    """Models of every configured backend, grouped by backend and capability, and the routes;
    with each model's measured capability profile once its self-test has run."""
    measured = await anyio.to_thread.run_sync(profile.stored, settings.data_dir)
    return await anyio.to_thread.run_sync(catalogue, _ai(request), measured)


@router.get("/ai/usage", tags=["ai"])
async def usage(db: DbDep, run_id: str | None = Query(default=None)) -> list[UsageTotals]:
    """Tokens, latency and cost summed per run and phase."""
    return await db.read(repository.summary, run_id)
