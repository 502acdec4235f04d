"""The `/api/v1` routers: the few public ones, and every domain's router behind one guard.

`public_router` holds exactly `auth.policy.PUBLIC_ROUTES` (a test holds the two together);
everything in `api_router` goes through `auth.guard.guard`, which authenticates the caller
and checks the role `auth.policy.required_role` names for the route.
"""

from fastapi import APIRouter, Depends

from kbagent.agent.router import router as agent_router
from kbagent.agent.schedule_router import router as schedule_router
from kbagent.ai.router import router as ai_router
from kbagent.audit.router import router as audit_router
from kbagent.auth.guard import guard
from kbagent.auth.router import public_router as auth_public_router
from kbagent.auth.router import router as auth_router
from kbagent.auth.router import users_router
from kbagent.backup.router import router as backup_router
from kbagent.chat.router import router as chat_router
from kbagent.content.router import router as content_router
from kbagent.deps import settings_in_force
from kbagent.knowledge.router import router as knowledge_router
from kbagent.knowledge.search.router import router as search_router
from kbagent.legacy.router import router as legacy_router
from kbagent.settings.router import router as settings_router
from kbagent.sources.feeds.router import router as feeds_router
from kbagent.sources.router import router as sources_router
from kbagent.system.envelope import error_responses
from kbagent.system.router import probes_router, prometheus_router
from kbagent.system.router import router as system_router

public_router = APIRouter(prefix="/api/v1")
public_router.include_router(auth_public_router)
public_router.include_router(probes_router)

# scope="function": the audit record of a call is written before its response is sent.
api_router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(guard, scope="function"), Depends(settings_in_force)],
    responses=error_responses(401, 403),
)
api_router.include_router(auth_router)
api_router.include_router(users_router)
api_router.include_router(content_router)
api_router.include_router(agent_router)
api_router.include_router(schedule_router)
api_router.include_router(search_router)
api_router.include_router(knowledge_router)
api_router.include_router(sources_router)
api_router.include_router(feeds_router)
api_router.include_router(system_router)
api_router.include_router(backup_router)
api_router.include_router(audit_router)
api_router.include_router(ai_router)
api_router.include_router(chat_router)
api_router.include_router(settings_router)
api_router.include_router(legacy_router)

# `/metrics` for Prometheus, outside /api/v1 but behind the same guard (admins only).
metrics_router = APIRouter(dependencies=[Depends(guard, scope="function")])
metrics_router.include_router(prometheus_router)
