"""What run code needs in one process: settings, database, event bus and dispatcher.

`kbagent.agent.boot.open_runtime` builds one; this module only describes it, so the engine
that takes a runtime and the dispatcher that calls the engine do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbagent.agent.dispatch import Dispatcher
from kbagent.agent.events import Bus, emit
from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.db import Database


@dataclass
class Runtime:
    settings: Settings
    database: Database
    bus: Bus
    ai: AI
    dispatcher: Dispatcher = field(init=False)

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
