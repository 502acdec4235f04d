"""The `/api/v1` router: each domain's router, mounted once."""

from fastapi import APIRouter

from kbagent.agent.router import router as agent_router
from kbagent.agent.schedule_router import router as schedule_router
from kbagent.ai.router import router as ai_router
from kbagent.chat.router import router as chat_router
from kbagent.content.router import router as content_router
from kbagent.knowledge.router import router as knowledge_router
from kbagent.knowledge.search.router import router as search_router
from kbagent.sources.router import router as sources_router
from kbagent.system.router import router as system_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(content_router)
api_router.include_router(agent_router)
api_router.include_router(schedule_router)
api_router.include_router(search_router)
api_router.include_router(knowledge_router)
api_router.include_router(sources_router)
api_router.include_router(system_router)
api_router.include_router(ai_router)
api_router.include_router(chat_router)
