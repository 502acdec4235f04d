"""Opening the run runtime: the pipeline's phases registered, and a dispatcher that reaches the
task functions (Celery on Redis, or this process's worker thread)."""

from __future__ import annotations

from kbagent.agent.dispatch import CeleryDispatcher, LocalDispatcher
from kbagent.agent.events import bus_for
from kbagent.agent.phases import register
from kbagent.agent.runtime import Runtime
from kbagent.agent.tasks import TASKS
from kbagent.ai.live import LiveAI
from kbagent.ai.metrics import observed
from kbagent.ai.registry import database_recorder
from kbagent.config import Settings
from kbagent.db import Database, open_database
from kbagent.pipeline.defaults import default_phases
from kbagent.settings.live import LiveSettings


def open_runtime(settings: Settings, database: Database | None = None) -> Runtime:
    for phase in default_phases():
        register(phase)
    database = database or open_database(
        settings.resolved_database_url, settings.database_lock_timeout_seconds
    )
    rt = Runtime(
        live=LiveSettings(settings, database),
        database=database,
        bus=bus_for(settings.redis_url, settings.redis_prefix),
        models=LiveAI(observed(database_recorder(database))),
    )
    if settings.redis_url:
        rt.dispatcher = CeleryDispatcher(settings.redis_url, settings.redis_prefix)
    else:
        rt.dispatcher = LocalDispatcher(rt, TASKS)
    return rt
