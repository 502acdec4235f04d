"""The `/api/v1` router: each domain's router, mounted once."""

from fastapi import APIRouter

from kbagent.content.router import router as content_router
from kbagent.sources.router import router as sources_router
from kbagent.system.router import router as system_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(content_router)
api_router.include_router(sources_router)
api_router.include_router(system_router)
