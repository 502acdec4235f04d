"""What run code needs in one process: settings, database, event bus and dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbagent.agent.dispatch import CeleryDispatcher, Dispatcher, LocalDispatcher
from kbagent.agent.events import Bus, bus_for, emit
from kbagent.ai.registry import build_ai
from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.db import Database, open_database


@dataclass
class Runtime:
    settings: Settings
    database: Database
    bus: Bus
    ai: AI
    dispatcher: Dispatcher = field(init=False)

    def __post_init__(self) -> None:
        if self.settings.redis_url:
            self.dispatcher = CeleryDispatcher(self.settings.redis_url, self.settings.redis_prefix)
        else:
            self.dispatcher = LocalDispatcher(self)

    def emit(
        self,
        task_id: str | None,
        type_: str,
        message: str = "",
        *,
        level: str = "INFO",
        **data: Any,
    ) -> dict[str, Any]:
        return emit(self.database, self.bus, task_id, type_, message, level=level, **data)


def open_runtime(settings: Settings, database: Database | None = None) -> Runtime:
    from kbagent.pipeline import install as install_phases

    install_phases()
    database = database or open_database(
        settings.resolved_database_url, settings.database_lock_timeout_seconds
    )
    return Runtime(
        settings=settings,
        database=database,
        bus=bus_for(settings.redis_url, settings.redis_prefix),
        ai=build_ai(settings, database),
    )
